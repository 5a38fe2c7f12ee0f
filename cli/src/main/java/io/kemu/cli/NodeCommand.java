package io.kemu.cli;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.cluster.remote.ClusterMember;
import io.kemu.actors.cluster.remote.NodeLog;
import io.kemu.actors.cluster.remote.RemoteNode;
import io.kemu.hammer2.cluster.Cluster;
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
 * {@code kemu node}: one HAMMER2 chain node in this JVM. It replays its store from DIR (dropping a
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

    @Option(names = "--index", required = true, description = "The node's PFS slot, 0..7.")
    int index;

    @Option(names = "--store", required = true, description = "Directory of the node's store (created if missing).")
    Path store;

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
        try {
            if (index < 0 || index >= Cluster.MAX_CLUSTER) {
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
            if (exitWithParent) {
                ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(system::terminate));
            }
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
}
