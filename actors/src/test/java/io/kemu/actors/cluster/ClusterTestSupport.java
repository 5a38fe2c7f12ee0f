package io.kemu.actors.cluster;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.Mutation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Shared helpers for the cluster actor tests: short timeouts, blocking-free request helpers. */
final class ClusterTestSupport {
    static final Duration WAIT = Duration.ofSeconds(10);

    private ClusterTestSupport() {
    }

    /**
     * The test configuration: reference.conf with short cluster timeouts, and every message
     * serialized and read back ({@code akka.actor.serialize-messages}) so that nothing of the node
     * protocol only works in-process.
     */
    static Config config(String gatherTimeout) {
        return ConfigFactory.parseString("kemu.cluster.gather-timeout = " + gatherTimeout
                + "\nkemu.cluster.resync-interval = 50ms").withFallback(serializing());
    }

    /** reference.conf with {@code akka.actor.serialize-messages = on}. */
    static Config serializing() {
        return ConfigFactory.parseString("akka.actor.serialize-messages = on").withFallback(ConfigFactory.load());
    }

    static ClusterResult write(ActorTestKit kit, ActorRef<CoordinatorProtocol.Command> cluster, Mutation mutation) {
        TestProbe<ClusterResult> probe = kit.createTestProbe();
        cluster.tell(new CoordinatorProtocol.Write(mutation, probe.getRef()));
        return probe.receiveMessage(WAIT);
    }

    static ClusterResult read(ActorTestKit kit, ActorRef<CoordinatorProtocol.Command> cluster, long key) {
        TestProbe<ClusterResult> probe = kit.createTestProbe();
        cluster.tell(new CoordinatorProtocol.Read(key, probe.getRef()));
        return probe.receiveMessage(WAIT);
    }

    static ClusterStatus status(ActorTestKit kit, ActorRef<CoordinatorProtocol.Command> cluster) {
        TestProbe<ClusterStatus> probe = kit.createTestProbe();
        cluster.tell(new CoordinatorProtocol.GetStatus(probe.getRef()));
        return probe.receiveMessage(WAIT);
    }

    /** Polls the status until {@code condition} holds (or fails after {@link #WAIT}). */
    static ClusterStatus awaitStatus(ActorTestKit kit, ActorRef<CoordinatorProtocol.Command> cluster,
                                                 Predicate<ClusterStatus> condition) {
        TestProbe<ClusterStatus> probe = kit.createTestProbe();
        return probe.awaitAssert(WAIT, Duration.ofMillis(20), () -> {
            ClusterStatus status = status(kit, cluster);
            if (!condition.test(status)) {
                throw new AssertionError("cluster status not reached yet: " + status.nodes());
            }
            return status;
        });
    }

    /** Every running node's stored chains, by node (null for a node that is down). */
    static List<List<ChainImage>> dumps(ActorTestKit kit, ActorRef<CoordinatorProtocol.Command> cluster) {
        List<List<ChainImage>> out = new ArrayList<>();
        TestProbe<ChainNodeActor.Reply> probe = kit.createTestProbe();
        for (ActorRef<ChainNodeActor.Command> node : status(kit, cluster).refs()) {
            if (node == null) {
                out.add(null);
                continue;
            }
            node.tell(new ChainNodeActor.Dump(-1, probe.getRef()));
            out.add(probe.expectMessageClass(ChainNodeActor.Dumped.class, WAIT).images());
        }
        return out;
    }

    static byte[] data(int fill) {
        byte[] data = new byte[Mutation.MIN_BYTES];
        Arrays.fill(data, (byte) fill);
        return data;
    }
}
