package io.kemu.cli.bench;

import io.kemu.actors.dispatch.ThreadModel;

/**
 * One workload run under one thread model: throughput, the batch latency percentiles (request to
 * every journal holding the batch), FIFO stalls, the process CPU time the run consumed, and whether
 * the run verified ({@code problem}: the first reason it did not, else empty). A model this JVM
 * cannot run has {@code unavailable} set and no figures.
 */
public record ModelRun(
        String workload,
        ThreadModel model,
        String unavailable,
        long ops,
        double seconds,
        long p50Nanos,
        long p99Nanos,
        long fifostalls,
        long cpuNanos,
        boolean verified,
        String problem) {

    public static ModelRun unavailable(String workload, ThreadModel model, String reason) {
        return new ModelRun(workload, model, reason, 0, 0, 0, 0, 0, 0, false, "");
    }

    public boolean available() {
        return unavailable == null;
    }

    public double opsPerSecond() {
        return seconds > 0 ? ops / seconds : 0;
    }
}
