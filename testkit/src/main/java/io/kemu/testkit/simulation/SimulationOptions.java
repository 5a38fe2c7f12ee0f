package io.kemu.testkit.simulation;

import io.kemu.actors.dispatch.ThreadModel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a simulation runs: {@code cpus} simulated CPUs spread over {@code mounts} emulated mounts,
 * each mount journaled to one primary target (TCP to an in-process mirroring target server, or a
 * file) and optionally a second, file journal; either {@code ops} operations in all or as many as fit
 * in {@code duration}. {@code journalFile}/{@code mirrorDir} may be null (a temporary directory is
 * used); with several mounts, {@code -N} is appended for mount N.
 */
public record SimulationOptions(
        int cpus,
        long ops,
        Duration duration,
        int ringSize,
        TargetKind target,
        boolean halfDuplex,
        boolean reversible,
        int killTarget,
        long slowTargetBytesPerSecond,
        long seed,
        Path journalFile,
        Path mirrorDir,
        ThreadModel threadModel,
        int batch,
        boolean portable,
        int mounts,
        boolean secondFileJournal) {

    /**
     * Where the primary journal streams: a mirroring target server over TCP, a file, or an
     * in-process sink that discards every byte (nothing to verify; for measuring the actors alone).
     */
    public enum TargetKind { TCP, FILE, DISCARD }

    public SimulationOptions {
        if (cpus < 1 || cpus > 4096) {
            throw new IllegalArgumentException("--cpus must be 1..4096, got " + cpus);
        }
        if (ops < 1 && duration == null) {
            throw new IllegalArgumentException("give --ops (at least 1) or --duration");
        }
        if (ringSize < 64 * 1024 || ringSize > 128 * 1024 * 1024 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("--ring must be a power of two from 64k to 128m, got " + ringSize);
        }
        if (killTarget < 0) {
            throw new IllegalArgumentException("--kill-target must not be negative");
        }
        if (killTarget > 0 && target == TargetKind.FILE) {
            throw new IllegalArgumentException("--kill-target drops TCP connections; it needs --target tcp");
        }
        if (slowTargetBytesPerSecond < 0) {
            throw new IllegalArgumentException("--slow-target must be a positive rate");
        }
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("--batch must be 1..10000, got " + batch);
        }
        if (mounts < 1 || mounts > 64) {
            throw new IllegalArgumentException("--mounts must be 1..64, got " + mounts);
        }
        if (target == TargetKind.FILE && !halfDuplex) {
            throw new IllegalArgumentException("a file target sends no acks: use --half-duplex with --target file");
        }
        if (target == TargetKind.DISCARD && !halfDuplex) {
            throw new IllegalArgumentException("a discarding target sends no acks: use --half-duplex with --target discard");
        }
        if (target == TargetKind.DISCARD && killTarget > 0) {
            throw new IllegalArgumentException("--kill-target drops TCP connections; it needs --target tcp");
        }
    }

    /** Defaults: one CPU per core, 100 000 ops, 1 MiB ring, full duplex over TCP, fork-join. */
    public static SimulationOptions defaults() {
        return new SimulationOptions(Runtime.getRuntime().availableProcessors(), 100_000, null, 1 << 20,
                TargetKind.TCP, false, false, 0, 0, 1, null, null, ThreadModel.FORK_JOIN, 16, false, 1, false);
    }

    /** These options with the workload seed {@code newSeed} (a deterministic sweep's next seed). */
    public SimulationOptions withSeed(long newSeed) {
        return new SimulationOptions(cpus, ops, duration, ringSize, target, halfDuplex, reversible, killTarget,
                slowTargetBytesPerSecond, newSeed, journalFile, mirrorDir, threadModel, batch, portable, mounts,
                secondFileJournal);
    }

    /** {@code base} for mount 0 of 1, else {@code base-N}. */
    public Path perMount(Path base, int mount) {
        return mounts == 1 ? base : base.resolveSibling(base.getFileName() + "-" + mount);
    }
}
