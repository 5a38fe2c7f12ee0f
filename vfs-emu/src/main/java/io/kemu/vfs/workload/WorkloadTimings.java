package io.kemu.vfs.workload;

/**
 * Where one mount's workload thread spent its time: steps applied, nanoseconds spent generating them
 * ({@link WorkloadGenerator#next}) and running them on the mount ({@link Step#applyTo}, the VOP with
 * its journal records). Counted by the mount's {@link TreeIndex}, so all generators of the mount add
 * up; read it after the steps (an actor's reply orders it after them).
 */
public record WorkloadTimings(long steps, long generatingNanos, long applyingNanos) {
    public static final WorkloadTimings NONE = new WorkloadTimings(0, 0, 0);
}
