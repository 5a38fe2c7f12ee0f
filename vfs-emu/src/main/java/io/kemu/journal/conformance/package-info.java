/**
 * Replay of the kernel-generated FIFO conformance vectors ({@code *.script} with their expected
 * outputs): each script drives a {@link io.kemu.journal.fifo.JournalFifo} and
 * {@link io.kemu.journal.jrecord.JRecord} step by step, as the kernel's own {@code vfs_journal.c} did when
 * the vectors were made, and compares every reported value and byte. Used by the unit tests and by
 * {@code kemu conformance fifo DIR}.
 *
 * <p>Threading: single-threaded; one replayer per vector.
 */
package io.kemu.journal.conformance;
