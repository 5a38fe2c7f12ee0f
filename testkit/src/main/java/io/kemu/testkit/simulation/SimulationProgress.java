package io.kemu.testkit.simulation;

/**
 * A live snapshot: operations so far, elapsed time, bytes handed to targets, ring fill, stalls,
 * restarts; after the CPUs are done, {@code phase} names what the run is doing now (draining,
 * verifying, ...) and {@code phaseSeconds} how long it has been at it (an empty phase while the CPUs
 * issue).
 */
public record SimulationProgress(long ops, double seconds, long bytesSent, double ringFill, long fifostalls, int restarts,
        String phase, double phaseSeconds) {

    /** A snapshot of the issuing phase. */
    public SimulationProgress(long ops, double seconds, long bytesSent, double ringFill, long fifostalls, int restarts) {
        this(ops, seconds, bytesSent, ringFill, fifostalls, restarts, "", 0);
    }
}
