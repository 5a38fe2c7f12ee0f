package io.kemu.testkit.simulation;

import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.journal.JournalTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * What a simulation runs: {@code cpus} simulated CPUs spread over {@code mounts} emulated mounts,
 * each mount journaled to one primary target (TCP to an in-process mirroring target server, or a
 * file) and optionally a second, file journal; either {@code ops} operations in all or as many as fit
 * in {@code duration}. {@code journalFile}/{@code mirrorDir} may be null (a temporary directory is
 * used); with several mounts, {@code -N} is appended for mount N.
 *
 * <p>{@code ownTargets}: null for {@code kemu simulate}'s targets; otherwise the user's own primary
 * target for mount N ({@code ownTargets.apply(N)}, called once per mount), in place of {@code target}:
 * any stream consumer, e.g. {@code JournalTargets.sink(...)} half duplex or {@code
 * JournalTargets.flow(...)} sending acks back full duplex. kemu does not keep that stream, so it
 * verifies it as it does a discarding target's: not at all (the run's own checks remain). Such a
 * target has no connection to drop ({@code killTarget} must be 0), and under the deterministic thread
 * model it must not hand work to threads of its own.
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
        boolean secondFileJournal,
        IntFunction<JournalTarget> ownTargets) {

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
        if (ownTargets != null && killTarget > 0) {
            throw new IllegalArgumentException("killTarget drops TCP connections; a user's own target has none");
        }
    }

    /** Options with kemu's own targets ({@code ownTargets} null), as {@code kemu simulate} makes them. */
    public SimulationOptions(int cpus, long ops, Duration duration, int ringSize, TargetKind target, boolean halfDuplex,
            boolean reversible, int killTarget, long slowTargetBytesPerSecond, long seed, Path journalFile,
            Path mirrorDir, ThreadModel threadModel, int batch, boolean portable, int mounts,
            boolean secondFileJournal) {
        this(cpus, ops, duration, ringSize, target, halfDuplex, reversible, killTarget, slowTargetBytesPerSecond, seed,
                journalFile, mirrorDir, threadModel, batch, portable, mounts, secondFileJournal, null);
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
                secondFileJournal, ownTargets);
    }

    /** These options with {@code newCpus} simulated CPUs. */
    public SimulationOptions withCpus(int newCpus) {
        return new SimulationOptions(newCpus, ops, duration, ringSize, target, halfDuplex, reversible, killTarget,
                slowTargetBytesPerSecond, seed, journalFile, mirrorDir, threadModel, batch, portable, mounts,
                secondFileJournal, ownTargets);
    }

    /** These options with {@code newOps} operations in all (and no duration). */
    public SimulationOptions withOps(long newOps) {
        return new SimulationOptions(cpus, newOps, null, ringSize, target, halfDuplex, reversible, killTarget,
                slowTargetBytesPerSecond, seed, journalFile, mirrorDir, threadModel, batch, portable, mounts,
                secondFileJournal, ownTargets);
    }

    /** These options under {@code model}. */
    public SimulationOptions withThreadModel(ThreadModel model) {
        return new SimulationOptions(cpus, ops, duration, ringSize, target, halfDuplex, reversible, killTarget,
                slowTargetBytesPerSecond, seed, journalFile, mirrorDir, model, batch, portable, mounts,
                secondFileJournal, ownTargets);
    }

    /**
     * These options with the user's own half-duplex target per mount ({@code perMount.apply(N)} for
     * mount N): it takes the journal's bytes and sends nothing back, e.g. {@code JournalTargets.sink}.
     */
    public SimulationOptions withHalfDuplexTargets(IntFunction<JournalTarget> perMount) {
        return withOwnTargets(perMount, true);
    }

    /**
     * These options with the user's own full-duplex target per mount: a flow taking the journal's
     * bytes and sending back a 32-byte ack record ({@code AckFlows.encoder()}) for each transid it has
     * made durable; the journal frees ring space only as acks arrive.
     */
    public SimulationOptions withFullDuplexTargets(IntFunction<JournalTarget> perMount) {
        return withOwnTargets(perMount, false);
    }

    /** Own targets replace the target kind: {@code target} goes back to the default, which checks nothing more. */
    private SimulationOptions withOwnTargets(IntFunction<JournalTarget> perMount, boolean half) {
        if (perMount == null) {
            throw new IllegalArgumentException("a user's own targets need a function from mount to target");
        }
        return new SimulationOptions(cpus, ops, duration, ringSize, TargetKind.TCP, half, reversible, killTarget,
                slowTargetBytesPerSecond, seed, journalFile, mirrorDir, threadModel, batch, portable, mounts,
                secondFileJournal, perMount);
    }

    /**
     * Whether kemu keeps the primary journals' streams, and so verifies them: not when they go to a
     * discarding target or to the user's own.
     */
    public boolean primaryKept() {
        return ownTargets == null && target != TargetKind.DISCARD;
    }

    /** {@code base} for mount 0 of 1, else {@code base-N}. */
    public Path perMount(Path base, int mount) {
        return mounts == 1 ? base : base.resolveSibling(base.getFileName() + "-" + mount);
    }
}
