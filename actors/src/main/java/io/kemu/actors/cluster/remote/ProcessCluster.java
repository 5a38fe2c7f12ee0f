package io.kemu.actors.cluster.remote;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import io.kemu.actors.cluster.ClusterSettings;
import io.kemu.actors.cluster.SimulationReport;
import io.kemu.actors.cluster.SimulationSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs one seeded cluster simulation with every node in its own JVM, from a plain thread (a CLI's
 * main thread or a test): this JVM, the driver, joins an Akka cluster on 127.0.0.1 as its first
 * member (role {@value #DRIVER_ROLE}, never the coordinator's host), {@link CoordinatorProcesses}
 * starts {@value #COORDINATOR_JVMS} JVMs that may host the coordinator (a Cluster Singleton: one
 * hosts it, one stands by), {@link NodeProcesses} starts {@code kemu node} JVMs with their stores
 * under {@code storeRoot}, and {@link ProcessSimulation} runs the simulation once all of them are
 * up. At the end this JVM leaves first, then the others are killed. Whatever happens - the
 * report, a boot failure, the deadline, an exception, a JVM shutdown - every child process is
 * killed and waited for before {@link #run} returns (a shutdown hook covers Ctrl-C).
 */
public final class ProcessCluster {
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration BOOT_DEADLINE = Duration.ofSeconds(240);
    /** The driver's cluster role. */
    public static final String DRIVER_ROLE = "driver";
    /** JVMs that may host the coordinator: one does, one stands by (a killed one is replaced). */
    public static final int COORDINATOR_JVMS = 2;

    /**
     * The report (null when the run did not get that far, then {@code failure} says why) and the
     * process counts: node JVMs, and coordinator JVMs started and killed.
     */
    public record Outcome(SimulationReport report, String failure, int mostAlive, int started, int kills,
                          int restarts, int coordinatorsStarted, int coordinatorKills) {
        /** The line about the JVMs, as {@code kemu cluster --processes} prints it. */
        public String processLine() {
            return "processes: " + mostAlive + " node JVMs running at once, " + started + " started in all; "
                    + kills + " killed with SIGKILL, " + restarts + " restarted from their stores; coordinator: "
                    + COORDINATOR_JVMS + " JVMs at once (Cluster Singleton), " + coordinatorsStarted
                    + " started in all, " + coordinatorKills + " killed with SIGKILL";
        }
    }

    private ProcessCluster() {
    }

    /**
     * Runs {@code spec} over node processes; {@code afterNodesGone} runs once every node process is
     * gone - at the end, or from the shutdown hook when the JVM is interrupted (e.g. removing a
     * temporary store directory); it must be idempotent.
     */
    public static Outcome run(SimulationSpec spec, ClusterSettings settings, Config base, Path storeRoot,
                              List<String> javaCommand, Duration deadline, Runnable afterNodesGone)
            throws IOException, InterruptedException {
        int driverPort = NodeProcesses.freePort();
        String seed = LOOPBACK + ":" + driverPort;
        BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
        NodeProcesses processes = new NodeProcesses(javaCommand, storeRoot, seed, spec.nodes());
        CoordinatorProcesses coordinators = new CoordinatorProcesses(javaCommand, storeRoot, seed, COORDINATOR_JVMS,
                spec.nodes(), spec.masters(), settings);
        Thread hook = new Thread(() -> {
            coordinators.close();
            processes.close();
            afterNodesGone.run();
        }, "kemu-node-processes-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ActorSystem<Void> system = null;
        try {
            system = ActorSystem.create(ProcessSimulation.guardian(spec, settings, processes, coordinators,
                            BOOT_DEADLINE, outcome::offer, outcome::offer), ClusterMember.SYSTEM_NAME,
                    ClusterMember.config(LOOPBACK, driverPort, List.of(seed), false, List.of(DRIVER_ROLE), base));
            system.getWhenTerminated().thenRun(() -> outcome.offer("the driver's actor system stopped"));
            Object result = outcome.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
            SimulationReport report = result instanceof SimulationReport r ? r : null;
            String failure = result == null ? "no report within " + deadline.toSeconds() + " s"
                    : result instanceof String reason ? reason : null;
            return new Outcome(report, failure, processes.mostAlive(), processes.started(), processes.kills(),
                    processes.restarts(), coordinators.started(), coordinators.kills());
        } finally {
            if (system != null) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            }
            coordinators.close();
            processes.close();
            afterNodesGone.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
