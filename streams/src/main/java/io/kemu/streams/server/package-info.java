/**
 * The journal target server: what sits on the far end of a journal (jscan's role, plus acks). It
 * decodes the stream, skips replayed records after a restart, appends to a file, fsyncs, then acks
 * with 32-byte ack records ({@code struct journal_ackrecord}); optionally it mirrors into a directory
 * on its own thread ({@link io.kemu.streams.server.MirrorConsumer}).
 *
 * <p>Threading: one connection's store is driven by its stream; the mirror runs on its own thread and
 * its blocking calls never run on a dispatcher thread.
 */
package io.kemu.streams.server;
