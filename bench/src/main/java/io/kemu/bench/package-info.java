/**
 * JMH benchmarks: the ring against peer ring buffers, the actor path against a direct journal on one
 * thread, bandwidth to file and TCP targets, and memory under a stalled target. Benchmark drivers may
 * block (through {@code io.kemu.testkit}); actors never do.
 *
 * <p>Threading: JMH threads drive an actor system or a direct journal; a direct journal is confined to
 * its benchmark thread.
 */
package io.kemu.bench;
