package io.kemu.cli;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.cluster.ClusterSettings;
import io.kemu.actors.cluster.SimulationSpec;
import io.kemu.actors.cluster.remote.ClusterMember;
import io.kemu.actors.cluster.remote.CoordinatorSingleton;
import io.kemu.actors.cluster.remote.NodeLog;
import io.kemu.actors.cluster.remote.RemoteNode;
import io.kemu.hammer2.cluster.Cluster;
import io.kemu.hammer2.cluster.Pfs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kemu node}: one HAMMER2 chain node in this JVM, or with {@code --coordinator} a JVM that
 * may host the cluster's coordinator (a Cluster Singleton: the oldest such JVM hosts it, the others
 * stand by and take over when it dies). It replays its store from DIR (dropping a
 * torn tail left by a crash), joins the Akka Cluster through the seed nodes and registers with
 * the Receptionist, where the coordinator ({@code kemu cluster --processes}) finds it; it then
 * serves until its actor system stops (downed by the cluster, told to crash, or SIGTERM). Exit
 * status 0 after a normal stop, 2 on bad options or a store that cannot be opened.
 */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = "Run one HAMMER2 chain node in this JVM, its store on disk, joining an Akka cluster.")
public final class NodeCommand implements Callable<Integer> {
    /** Created before the actor system so SLF4J is initialised before Akka logs. */
    private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--index", description = "The node's PFS slot, 0..7 (required without --coordinator).")
    Integer index;

    @Option(names = "--store", description = "Directory of the node's store, created if missing (required without --coordinator).")
    Path store;

    @Option(names = "--coordinator", description = "Host the coordinator (a Cluster Singleton) instead of a node; needs --nodes and --masters.")
    boolean coordinator;

    @Option(names = "--nodes", description = "With --coordinator: nodes in the cluster, 1..8.")
    Integer nodes;

    @Option(names = "--masters", description = "With --coordinator: how many of them are masters (the first ones).")
    Integer masters;

    @Option(names = "--seed-nodes", required = true, split = ",", description = "HOST:PORT of cluster members to join through, comma-separated.")
    List<String> seedNodes;

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on (default: any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind and advertise (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--exit-with-parent", hidden = true, description = "Stop when the parent process exits (used by kemu cluster --processes).")
    boolean exitWithParent;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> seeds = new ArrayList<>();
        Pfs pfs = null;
        try {
            if (coordinator) {
                if (index != null || store != null || nodes == null || masters == null) {
                    throw new IllegalArgumentException("--coordinator takes --nodes and --masters, not --index or --store");
                }
                pfs = new SimulationSpec(nodes, masters, 0, 1, 0, 0, 0, 0, 1, 0).pfs();
            } else if (index == null || store == null || nodes != null || masters != null) {
                throw new IllegalArgumentException("a node needs --index and --store (--nodes and --masters go with --coordinator)");
            } else if (index < 0 || index >= Cluster.MAX_CLUSTER) {
                throw new IllegalArgumentException("--index must be 0.." + (Cluster.MAX_CLUSTER - 1) + ", not " + index);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0..65535, not " + port);
            }
            for (String seed : seedNodes) {
                seeds.add(ClusterMember.seed(seed.trim()));
            }
            if (!ClusterMember.isLoopback(host)) {
                spec.commandLine().getErr().println("kemu node: warning: binding " + host
                        + ", not a loopback address: the node is reachable from the network, unauthenticated");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Config base = ConfigFactory.load();
        if (coordinator) {
            return coordinator(pfs, seeds, base, out);
        }
        NodeLog nodeLog;
        try {
            nodeLog = NodeLog.open(store, index, base.getBytes("kemu.cluster.store.checkpoint-bytes"));
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("kemu node: store " + store + ": " + e.getMessage());
            return 2;
        }
        try (NodeLog owned = nodeLog) {
            ActorSystem<Void> system = ActorSystem.create(RemoteNode.guardian(owned),
                    ClusterMember.SYSTEM_NAME, ClusterMember.config(host, port, seeds, true, base));
            exitWithParent(system);
            out.println("kemu node " + index + ": store " + store + " (" + owned.recovery() + "), "
                    + system.address() + ", joining " + String.join(",", seeds));
            out.flush();
            log.debug("node {} running", index);
            // The CLI's main thread is not an actor: it waits here, at the process boundary.
            system.getWhenTerminated().toCompletableFuture().join();
        } catch (IOException e) {
            spec.commandLine().getErr().println("kemu node: closing store " + store + ": " + e.getMessage());
        }
        return 0;
    }

    /** A JVM that may host the coordinator: it serves until its actor system stops. */
    private int coordinator(Pfs pfs, List<String> seeds, Config base, PrintWriter out) {
        ClusterSettings settings;
        try {
            settings = ClusterSettings.from(base);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ActorSystem<Void> system = ActorSystem.create(CoordinatorSingleton.guardian(pfs, settings),
                ClusterMember.SYSTEM_NAME, ClusterMember.config(host, port, seeds, true,
                        List.of(CoordinatorSingleton.ROLE), base));
        exitWithParent(system);
        out.println("kemu node --coordinator: " + pfs.slots() + " nodes, " + system.address() + ", joining "
                + String.join(",", seeds));
        out.flush();
        // The CLI's main thread is not an actor: it waits here, at the process boundary.
        system.getWhenTerminated().toCompletableFuture().join();
        return 0;
    }

    private void exitWithParent(ActorSystem<Void> system) {
        if (exitWithParent) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(system::terminate));
        }
    }
}
