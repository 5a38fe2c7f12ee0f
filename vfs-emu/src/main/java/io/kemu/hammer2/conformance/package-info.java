/**
 * Replay of the kernel-generated cluster conformance vectors ({@code NAME.in} / {@code NAME.expect}):
 * parses a scenario, runs it through kemu's cluster code and compares the output line by line. Used by
 * the unit tests and by {@code kemu conformance cluster DIR}.
 *
 * <p>Threading: single-threaded; one replayer per vector.
 */
package io.kemu.hammer2.conformance;
