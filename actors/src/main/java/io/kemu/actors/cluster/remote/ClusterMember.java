package io.kemu.actors.cluster.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Akka Cluster settings of one kemu JVM (the coordinator's or a node's): Artery TCP on
 * {@code host:port}, joining through {@code seedNodes} (HOST:PORT each), all in the actor system
 * {@value #SYSTEM_NAME}. The Split Brain Resolver keeps the side of the oldest member - the
 * coordinator's JVM, which starts first and seeds the cluster - and downs a member unreachable
 * for {@code kemu.cluster.remote.stable-after}; a downed node's JVM exits. The failure detector
 * tolerates long heartbeat pauses ({@code kemu.cluster.remote.acceptable-heartbeat-pause}): on a
 * loaded machine a busy JVM is not a dead one, and operations do not wait for it anyway (a silent
 * node is errored after the gather timeout; a node kemu killed is downed at once). A node restarted on
 * the same address replaces its old incarnation at once. Joining is retried every 2 s, and leaving
 * waits at most 2 s per phase (a member leaving a cluster whose nodes are being killed must not
 * wait for them).
 */
public final class ClusterMember {
    /** The actor system name every member uses (addresses are akka://kemu@host:port). */
    public static final String SYSTEM_NAME = "kemu";

    private ClusterMember() {
    }

    /**
     * {@code base} overlaid with the cluster settings of a member at {@code host:port}; with
     * {@code exitJvmWhenDown} (a node's own JVM) the JVM exits once the member is shut down.
     */
    public static Config config(String host, int port, List<String> seedNodes, boolean exitJvmWhenDown, Config base) {
        return config(host, port, seedNodes, exitJvmWhenDown, List.of(), base);
    }

    /**
     * As above, the member carrying {@code roles} ({@link CoordinatorSingleton#ROLE} for a JVM that may
     * host the coordinator).
     */
    public static Config config(String host, int port, List<String> seedNodes, boolean exitJvmWhenDown,
                                List<String> roles, Config base) {
        List<String> seeds = new ArrayList<>();
        for (String seed : seedNodes) {
            seeds.add("\"akka://" + SYSTEM_NAME + "@" + seed + "\"");
        }
        String stableAfter = base.getString("kemu.cluster.remote.stable-after");
        return ConfigFactory.parseString(String.join("\n",
                "akka.actor.provider = cluster",
                "akka.remote.artery.transport = tcp",
                "akka.remote.artery.canonical.hostname = \"" + host + "\"",
                "akka.remote.artery.canonical.port = " + port,
                "akka.cluster.seed-nodes = [" + String.join(",", seeds) + "]",
                "akka.cluster.roles = [" + String.join(",", roles) + "]",
                "akka.cluster.downing-provider-class = \"akka.cluster.sbr.SplitBrainResolverProvider\"",
                "akka.cluster.split-brain-resolver.active-strategy = keep-oldest",
                "akka.cluster.split-brain-resolver.keep-oldest.down-if-alone = off",
                "akka.cluster.split-brain-resolver.stable-after = " + stableAfter,
                "akka.cluster.split-brain-resolver.down-all-when-unstable = off",
                "akka.cluster.jmx.enabled = off",
                "akka.cluster.failure-detector.acceptable-heartbeat-pause = " + base.getString("kemu.cluster.remote.acceptable-heartbeat-pause"),
                "akka.cluster.seed-node-timeout = 2s",
                "akka.cluster.retry-unsuccessful-join-after = 2s",
                "akka.coordinated-shutdown.phases.cluster-leave.timeout = 2s",
                "akka.coordinated-shutdown.phases.cluster-exiting.timeout = 2s",
                "akka.coordinated-shutdown.phases.cluster-exiting-done.timeout = 2s",
                "akka.coordinated-shutdown.phases.cluster-shutdown.timeout = 2s",
                "akka.cluster.log-info = off",
                "akka.coordinated-shutdown.exit-jvm = " + (exitJvmWhenDown ? "on" : "off")))
                .withFallback(base);
    }

    /**
     * Parses a HOST:PORT seed (port 1..65535); throws {@link IllegalArgumentException} with a
     * one-line reason otherwise.
     */
    public static String seed(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("seed node '" + hostPort + "' is not HOST:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed node '" + hostPort + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("seed node '" + hostPort + "': port must be 1..65535");
        }
        return hostPort;
    }

    /** Whether {@code host} names a loopback address (binding elsewhere exposes the node). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }
}
