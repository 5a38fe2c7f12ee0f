package io.kemu.cli.bench;

/**
 * One {@code kemu simulate} run of {@code ops} operations in a JVM of its own: its throughput, its
 * peak resident set size and heap limit in bytes (-1 when unknown), and whether it verified
 * ({@code problem} says why not, else empty).
 */
public record SizeRun(long ops, double opsPerSecond, long peakRssBytes, long heapLimitBytes, boolean verified,
        String problem) {

    /** Wall-clock microseconds per operation while issuing. */
    public double microsPerOp() {
        return opsPerSecond > 0 ? 1e6 / opsPerSecond : 0;
    }
}
