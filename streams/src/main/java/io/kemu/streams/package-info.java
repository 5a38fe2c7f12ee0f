/**
 * Where journal bytes go, as Akka Streams: {@link io.kemu.streams.JournalTargets} (file, TCP,
 * throttled and any-sink targets, the kernel's {@code fp_write} to a file or socket, with demand as
 * backpressure), {@link io.kemu.streams.AckFlows} (the full-duplex return direction) and
 * {@link io.kemu.streams.Kemu}, the extension for embedding a journaled mount in a service.
 *
 * <p>Threading: stream stages run on the materializer's dispatcher; targets are materialized once per
 * writer generation.
 */
package io.kemu.streams;
