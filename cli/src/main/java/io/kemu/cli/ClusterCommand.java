package io.kemu.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.cluster.ClusterSettings;
import io.kemu.actors.cluster.ClusterSimulation;
import io.kemu.actors.cluster.SimulationReport;
import io.kemu.actors.cluster.SimulationSpec;
import io.kemu.actors.cluster.remote.NodeProcesses;
import io.kemu.actors.cluster.remote.NodeStores;
import io.kemu.actors.cluster.remote.ProcessCluster;
import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.dispatch.ThreadModelUnavailableException;
import io.kemu.actors.dispatch.deterministic.DeterministicRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kemu cluster}: a seeded simulation of a HAMMER2 cluster - one actor per node, creates,
 * modifies, deletes and reads of random keys, nodes crashed, slowed and partitioned along the way
 * - ending with a check that every write acknowledged with quorum is readable with its tid. With
 * {@code --processes} every node is a {@code kemu node} JVM with its store on disk, and the faults
 * are {@code --kill-node} SIGKILLs, each node restarted from its store after {@code --fault-ops}
 * operations, and {@code --kill-coordinator} SIGKILLs of the JVM hosting the coordinator (a Cluster
 * Singleton, which then moves to a standby JVM). Exit status 0 when the check passes, 1 when it does not, 2 on bad options, 3 when no report comes.
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "Simulate a HAMMER2 cluster under node faults and check no acknowledged write is lost.")
public final class ClusterCommand implements Callable<Integer> {
    /** Created before the actor system so SLF4J is initialised before Akka logs. */
    private static final Logger log = LoggerFactory.getLogger(ClusterCommand.class);

    /** A gather timeout past a minute would only make a stalled node look alive. */
    private static final long MAX_GATHER_TIMEOUT_MS = 60_000;
    private static final int MAX_KEYS = 100_000;
    /** The most virtual time a deterministic run may take before it counts as stalled. */
    private static final Duration VIRTUAL_LIMIT = Duration.ofHours(24);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "5", description = "Nodes in the cluster, 1..8 (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--masters", defaultValue = "3", description = "How many of them are masters (the first ones; the rest are slaves; default ${DEFAULT-VALUE}).")
    int masters;

    @Option(names = "--ops", defaultValue = "2000", description = "Operations to run (default ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--keys", defaultValue = "64", description = "Distinct keys the operations use, 1..100000 (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the operations and faults (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--crash", defaultValue = "0.01", description = "Probability per operation of crashing a node (default ${DEFAULT-VALUE}).")
    double crash;

    @Option(names = "--slow", defaultValue = "0.005", description = "Probability per operation of slowing a node past the gather timeout (default ${DEFAULT-VALUE}).")
    double slow;

    @Option(names = "--partition", defaultValue = "0.005", description = "Probability per operation of partitioning a node (default ${DEFAULT-VALUE}).")
    double partition;

    @Option(names = "--fault-ops", defaultValue = "40", description = "Operations a fault lasts before the node is restarted or healed (default ${DEFAULT-VALUE}).")
    int faultOps;

    @Option(names = "--max-impaired", description = "Masters that may be impaired at once (default: a minority of the masters).")
    Integer maxImpaired;

    @Option(names = "--gather-timeout-ms", description = "Override kemu.cluster.gather-timeout, in milliseconds (1..60000).")
    Long gatherTimeoutMs;

    @Option(names = "--processes", description = "Run every node as its own JVM (kemu node) with its store on disk; the faults are then the --kill-node kills only.")
    boolean processes;

    @Option(names = "--kill-node", defaultValue = "0", description = "With --processes: SIGKILL a node process this many times, one at a time, each restarted from its store after --fault-ops operations (default ${DEFAULT-VALUE}).")
    int killNode;

    @Option(names = "--kill-coordinator", defaultValue = "0", description = "With --processes: SIGKILL the JVM hosting the coordinator (a Cluster Singleton) this many times, each right after an operation was sent to it; the singleton moves to the standby JVM (default ${DEFAULT-VALUE}).")
    int killCoordinator;

    @Option(names = "--store-dir", description = "With --processes: where the node stores go (DIR/node-I, created; must not hold node stores yet). Default: a temporary directory, removed at the end.")
    Path storeDir;

    @Option(names = "--thread-model", defaultValue = "fork-join", description = "How the actors map onto threads: "
            + "fork-join, thread-pool, pinned, lwkt, uniprocessor, virtual or deterministic (one thread, seeded "
            + "interleaving, virtual time: a seed replays the run; default ${DEFAULT-VALUE}).")
    String threadModel;

    @Mixin
    SweepOptions sweepOptions;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (ops < 1 || keys < 1 || faultOps < 1) {
            throw CliFailure.badInput("--ops, --keys and --fault-ops refused", "each must be at least 1");
        }
        if (keys > MAX_KEYS) {
            throw CliFailure.badInput("--keys " + keys + " refused", "give 1.." + MAX_KEYS
                    + "; the closing check reads every key back");
        }
        if (gatherTimeoutMs != null && (gatherTimeoutMs < 1 || gatherTimeoutMs > MAX_GATHER_TIMEOUT_MS)) {
            throw CliFailure.badInput("--gather-timeout-ms " + gatherTimeoutMs + " refused",
                    "give 1.." + MAX_GATHER_TIMEOUT_MS + " milliseconds");
        }
        SimulationSpec simulation;
        try {
            if (!processes && (killNode != 0 || killCoordinator != 0 || storeDir != null)) {
                throw new IllegalArgumentException("--kill-node, --kill-coordinator and --store-dir need --processes");
            }
            simulation = processes
                    ? new SimulationSpec(nodes, masters, ops, keys, seed, 0, 0, 0, faultOps,
                            maxImpaired == null ? SimulationSpec.minorityOf(masters) : maxImpaired, killNode,
                            killCoordinator)
                    : new SimulationSpec(nodes, masters, ops, keys, seed, crash, slow, partition, faultOps,
                            maxImpaired == null ? SimulationSpec.minorityOf(masters) : maxImpaired);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("options refused", e.getMessage());
        }
        Config config = ConfigFactory.load();
        if (gatherTimeoutMs != null) {
            config = ConfigFactory.parseString("kemu.cluster.gather-timeout = " + gatherTimeoutMs + "ms").withFallback(config);
        }
        ClusterSettings settings;
        try {
            settings = ClusterSettings.from(config);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("configuration refused", e.getMessage());
        }
        final ThreadModel model;
        try {
            model = ThreadModel.fromName(threadModel);
            model.checkAvailable();
        } catch (IllegalArgumentException | ThreadModelUnavailableException e) {
            throw CliFailure.badInput("--thread-model " + threadModel + " refused", e.getMessage());
        }
        if (model == ThreadModel.DETERMINISTIC) {
            if (processes) {
                throw CliFailure.badInput("--processes refused", "node JVMs talk over real sockets; the deterministic model runs one JVM on one thread");
            }
            return deterministic(simulation, config, out);
        }
        if (sweepOptions.given()) {
            throw CliFailure.badInput("--seeds and --trace refused", "they need --thread-model deterministic");
        }
        config = model.config(nodes).withFallback(config).resolve();
        log.debug("simulating {} with {}", simulation, settings);
        if (processes) {
            return runProcesses(simulation, settings, config, out);
        }
        BlockingQueue<SimulationReport> reports = new ArrayBlockingQueue<>(1);
        ActorSystem<Void> system = ActorSystem.create(ClusterSimulation.guardian(simulation, settings,
                node -> model.selector(node, nodes), model.selector(0, nodes), reports::offer), "kemu-cluster", config);
        // The CLI's main thread is not an actor: it waits here, at the process boundary, for the report.
        SimulationReport report = reports.poll(1, TimeUnit.HOURS);
        system.terminate();
        if (report == null) {
            throw CliFailure.runtime("no report", "the simulation did not finish within an hour", null);
        }
        report.lines().forEach(out::println);
        out.flush();
        return report.passed() ? ExitStatus.OK : ExitStatus.FAILED;
    }

    /** {@code --processes}: the nodes as JVMs, stores under --store-dir or a temporary directory. */
    private int runProcesses(SimulationSpec simulation, ClusterSettings settings, Config config, PrintWriter out)
            throws InterruptedException {
        Path root;
        try {
            root = storeDir == null ? Files.createTempDirectory("kemu-cluster-") : NodeStores.prepare(storeDir, nodes);
        } catch (IOException | IllegalArgumentException e) {
            throw CliFailure.badInput("--store-dir refused", e.getMessage());
        }
        try {
            Path stores = root;
            ProcessCluster.Outcome outcome = ProcessCluster.run(simulation, settings, config, root,
                    NodeProcesses.thisJavaCommand(), Duration.ofHours(1), () -> {
                        if (storeDir == null) {
                            NodeStores.removeTemporary(stores, nodes);
                        }
                    });
            if (outcome.report() == null) {
                out.println(outcome.processLine());
                out.flush();
                throw CliFailure.runtime("no report", KemuCommand.oneLine(outcome.failure()), null);
            }
            for (String line : outcome.report().lines()) {
                if (line.startsWith("check:")) {
                    out.println(outcome.processLine());
                }
                out.println(line);
            }
            if (storeDir != null) {
                out.println("stores: " + root.toAbsolutePath());
            }
            out.flush();
            return outcome.report().passed() ? ExitStatus.OK : ExitStatus.FAILED;
        } catch (IOException e) {
            if (storeDir == null) {
                NodeStores.removeTemporary(root, nodes);
            }
            throw CliFailure.runtime("the node processes failed", KemuCommand.oneLine(e.getMessage()), e);
        }
    }

    /** One seed or a sweep under the deterministic thread model; each seed sets the workload and the interleaving. */
    private int deterministic(SimulationSpec simulation, Config config, PrintWriter out) {
        final Config base = config;
        return new DeterministicSweep<SimulationReport>(SimulationReport::passed, SimulationReport::lines).run(
                sweepOptions.seeds, seed, sweepOptions.trace, out, (runSeed, traceSink) -> {
                    final SimulationSpec spec = simulation.withSeed(runSeed);
                    return DeterministicRun.run(runSeed, 1, base, traceSink, VIRTUAL_LIMIT, (runConfig, onReport) ->
                            ActorSystem.create(ClusterSimulation.guardian(spec, ClusterSettings.from(runConfig),
                                    node -> Props.empty(), Props.empty(), onReport), "kemu-cluster", runConfig));
                });
    }
}
