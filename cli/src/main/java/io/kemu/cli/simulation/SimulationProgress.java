package io.kemu.cli.simulation;

/** A live snapshot: operations so far, elapsed time, bytes handed to targets, ring fill, stalls, restarts. */
public record SimulationProgress(long ops, double seconds, long bytesSent, double ringFill, long fifostalls, int restarts) {
}
