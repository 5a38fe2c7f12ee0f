package io.kemu.cli.bench;

import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.testkit.simulation.Simulation;
import io.kemu.testkit.simulation.SimulationOptions;
import io.kemu.testkit.simulation.SimulationReport;
import java.util.Locale;

/**
 * The journal workload: a {@code kemu simulate} run ({@link Simulation}) with {@code cpus} simulated
 * CPUs issuing {@code ops} portable VOPs (ones a jscan-style mirror can replay, so the verification
 * means something) in batches of 16 on one mount, whose journal streams full duplex over loopback
 * TCP to an in-process target server that stores, mirrors and acknowledges. Same seed for every
 * model, so every model is offered the same operations. Under the deterministic model the target is
 * simulated in memory (and mirrored after the run); ops/s is still by the wall clock of the issuing
 * phase, the batch latencies are virtual time.
 */
public final class JournalWorkload implements ThreadModelWorkload {
    private static final int BATCH = 16;
    private static final long SEED = 1;

    private final int cpus;
    private final long ops;
    private final int ringBytes;

    /** Throws IllegalArgumentException, before anything runs, when the sizes are out of range. */
    public JournalWorkload(int cpus, long ops, int ringBytes) {
        this.cpus = cpus;
        this.ops = ops;
        this.ringBytes = ringBytes;
        options(ThreadModel.FORK_JOIN);
    }

    @Override
    public String name() {
        return "journal";
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "%d CPUs, %,d portable VOPs in batches of %d, %d KiB ring, full duplex over "
                + "loopback TCP to a storing, mirroring target, verified", cpus, ops, BATCH, ringBytes >> 10);
    }

    private SimulationOptions options(ThreadModel model) {
        return new SimulationOptions(cpus, ops, null, ringBytes, SimulationOptions.TargetKind.TCP, false, false, 0, 0,
                SEED, null, null, model, BATCH, true, 1, false);
    }

    @Override
    public ModelRun run(ThreadModel model) throws Exception {
        final SimulationOptions options = options(model);
        final long cpuBefore = ProcessCpu.nanos();
        final SimulationReport report = Simulation.run(options, progress -> { });
        final long cpuAfter = ProcessCpu.nanos();
        return new ModelRun(name(), model, null, report.ops(), report.seconds(),
                report.batchLatency().getValueAtPercentile(50), report.batchLatency().getValueAtPercentile(99),
                report.fifostalls(), cpuBefore < 0 ? -1 : cpuAfter - cpuBefore, report.verified(), firstProblem(report));
    }

    /** Why the run did not verify: a refused batch, a stream problem or a tree difference; else empty. */
    static String firstProblem(SimulationReport report) {
        if (!report.problems().isEmpty()) {
            return report.problems().get(0);
        }
        for (SimulationReport.JournalOutcome journal : report.journals()) {
            if (!journal.streamProblem().isEmpty()) {
                return journal.name() + ": stream: " + journal.streamProblem();
            }
            if (!journal.treeDifferences().isEmpty()) {
                return journal.name() + ": mirror differs from the emulated tree: "
                        + String.join("; ", journal.treeDifferences());
            }
        }
        return "";
    }
}
