package io.kemu.cli.bench;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.cluster.ClusterSettings;
import io.kemu.actors.cluster.ClusterSimulation;
import io.kemu.actors.cluster.SimulationReport;
import io.kemu.actors.cluster.SimulationSpec;
import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.dispatch.deterministic.DeterministicRun;
import akka.actor.typed.Props;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The cluster workload: a {@code kemu cluster} simulation (5 nodes, 3 masters, no faults, the same
 * seed for every model) with each chain-node actor placed by the thread model (under lwkt, node i on
 * CPU i's dispatcher), the coordinator and the driver on CPU 0. Latency is per operation, request to
 * answer; verified means every acknowledged write read back with its tid.
 */
public final class ClusterWorkload implements ThreadModelWorkload {
    private static final int NODES = 5;
    private static final int MASTERS = 3;
    private static final int KEYS = 64;
    private static final long SEED = 1;

    private final int ops;

    public ClusterWorkload(long ops) {
        if (ops < 1 || ops > 1_000_000) {
            throw new IllegalArgumentException("cluster ops must be 1..1000000, got " + ops);
        }
        this.ops = (int) ops;
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "%d HAMMER2 nodes (%d masters), %,d reads and writes on %d keys, no faults,"
                + " checked", NODES, MASTERS, ops, KEYS);
    }

    @Override
    public ModelRun run(ThreadModel model) throws Exception {
        if (model == ThreadModel.DETERMINISTIC) {
            return runDeterministic();
        }
        final Config config = model.config(NODES).withFallback(ConfigFactory.load()).resolve();
        final ClusterSettings settings = ClusterSettings.from(config);
        final SimulationSpec spec = new SimulationSpec(NODES, MASTERS, ops, KEYS, SEED, 0, 0, 0, 1, 0);
        final BlockingQueue<SimulationReport> reports = new ArrayBlockingQueue<>(1);
        final long cpuBefore = ProcessCpu.nanos();
        final ActorSystem<Void> system = ActorSystem.create(ClusterSimulation.guardian(spec, settings,
                node -> model.selector(node, NODES), model.selector(0, NODES), reports::offer), "kemu-bench-cluster", config);
        final SimulationReport report;
        try {
            report = reports.poll(10, TimeUnit.MINUTES);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        final long cpuAfter = ProcessCpu.nanos();
        if (report == null) {
            return new ModelRun(name(), model, null, 0, 0, 0, 0, 0, -1, false, "no report within 10 minutes");
        }
        return new ModelRun(name(), model, null, ops, report.elapsedMillis() / 1e3, report.p50Nanos(),
                report.p99Nanos(), 0, cpuBefore < 0 ? -1 : cpuAfter - cpuBefore, report.passed(),
                report.passed() ? "" : String.join("; ", report.inconsistencies()));
    }

    /**
     * The deterministic row: the same simulation driven on this thread with virtual time. Its own
     * report times virtual time, so ops/s comes from the wall clock around the run; the latencies
     * are virtual (operations take no virtual time unless a timer must fire).
     */
    private ModelRun runDeterministic() {
        final SimulationSpec spec = new SimulationSpec(NODES, MASTERS, ops, KEYS, SEED, 0, 0, 0, 1, 0);
        final long cpuBefore = ProcessCpu.nanos();
        final long wallBefore = System.nanoTime();
        final DeterministicRun.Outcome<SimulationReport> outcome = DeterministicRun.run(SEED, NODES,
                ConfigFactory.load(), null, Duration.ofHours(24), (config, onReport) -> ActorSystem.create(
                        ClusterSimulation.guardian(spec, ClusterSettings.from(config), node -> Props.empty(),
                                Props.empty(), onReport), "kemu-bench-cluster", config));
        final double seconds = (System.nanoTime() - wallBefore) / 1e9;
        final long cpuAfter = ProcessCpu.nanos();
        final SimulationReport report = outcome.result();
        if (report == null) {
            return new ModelRun(name(), ThreadModel.DETERMINISTIC, null, 0, 0, 0, 0, 0, -1, false, outcome.failure());
        }
        final boolean verified = report.passed() && outcome.failure() == null;
        return new ModelRun(name(), ThreadModel.DETERMINISTIC, null, ops, seconds, report.p50Nanos(), report.p99Nanos(), 0,
                cpuBefore < 0 ? -1 : cpuAfter - cpuBefore, verified,
                verified ? "" : outcome.failure() != null ? outcome.failure() : String.join("; ", report.inconsistencies()));
    }
}
