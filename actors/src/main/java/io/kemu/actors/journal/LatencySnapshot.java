package io.kemu.actors.journal;

/** Commit-to-ack latency percentiles in nanoseconds, over {@code count} acknowledged transactions. */
public record LatencySnapshot(long count, long p50Nanos, long p99Nanos, long p999Nanos, long maxNanos) {
}
