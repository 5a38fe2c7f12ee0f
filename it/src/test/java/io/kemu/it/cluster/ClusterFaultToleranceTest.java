package io.kemu.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.cluster.ChainNodeActor;
import io.kemu.actors.cluster.ClusterCoordinator;
import io.kemu.actors.cluster.CoordinatorProtocol;
import io.kemu.actors.cluster.ClusterStatus;
import io.kemu.actors.cluster.ClusterResult;
import io.kemu.actors.cluster.ClusterSettings;
import io.kemu.actors.cluster.NodeState;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.Mutation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kemu.testing.Seeds;

/**
 * A five-node HAMMER2 cluster (3 masters, 2 slaves) of real actors under node crashes: thousands
 * of operations with masters crashed and restarted, never more than a minority at once, lose no
 * acknowledged write; with a majority of masters down, writes and reads are refused with a clear
 * error and nothing is half-applied, even when the masters crash in the middle of writes.
 */
class ClusterFaultToleranceTest {
    private static final Logger log = LoggerFactory.getLogger(ClusterFaultToleranceTest.class);
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "kemu.cluster.gather-timeout = 300ms\nkemu.cluster.resync-interval = 50ms").withFallback(ConfigFactory.load()));
    private static final ClusterSettings settings = ClusterSettings.from(testKit.system().settings().config());
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pfs PFS = Pfs.mastersThenSlaves(3, 2);
    private static final int KEYS = 32;

    /** The last acknowledged state of a key: tid and data, data null for deleted. */
    private record Acked(long tid, byte[] data) {
    }

    @AfterAll
    static void shutdown() {
        log.debug("shutting down the test kit");
        testKit.shutdownTestKit();
    }

    @Test
    void shouldLoseNoAcknowledgedWriteWhileAMinorityOfMastersCrashesAndRestarts() {
        long seed = Seeds.of("ClusterFaultToleranceTest.shouldLoseNoAcknowledgedWriteWhileAMinorityOfMastersCrashesAndRestarts", 0x5EED0003L);
        String context = "seed " + seed;
        Random random = new Random(seed);
        ActorRef<CoordinatorProtocol.Command> cluster = testKit.spawn(ClusterCoordinator.create(PFS, settings));
        Map<Long, Acked> acked = new HashMap<>();
        int crashes = 0;
        int acknowledged = 0;
        int down = -1;
        int restartAt = -1;
        for (int op = 0; op < 3000; op++) {
            if (down < 0 && op % 100 == 20) {
                awaitStatus(cluster, ClusterStatus::allUp);
                down = random.nextInt(3);
                restartAt = op + 10 + random.nextInt(60);
                cluster.tell(new CoordinatorProtocol.CrashNode(down));
                crashes++;
            } else if (op == restartAt) {
                int node = down;
                awaitStatus(cluster, s -> s.nodes().get(node) == NodeState.DOWN);
                cluster.tell(new CoordinatorProtocol.RestartNode(node));
                down = -1;
            }
            long key = random.nextInt(KEYS);
            Mutation mutation = randomMutation(random, key, op);
            ClusterResult result = mutation == null ? read(cluster, key) : write(cluster, mutation);
            String where = context + " op " + op + " " + (mutation == null ? "read " + key : mutation);
            assertThat(result).as(where).isNotInstanceOfAny(ClusterResult.Refused.class, ClusterResult.Failed.class);
            if (result instanceof ClusterResult.Acknowledged ack) {
                acknowledged++;
                acked.put(key, new Acked(ack.tid(), dataOf(mutation)));
            } else {
                assertConsistent(acked.get(key), result, where);
            }
        }
        if (down >= 0) {
            int node = down;
            awaitStatus(cluster, s -> s.nodes().get(node) == NodeState.DOWN);
            cluster.tell(new CoordinatorProtocol.RestartNode(node));
        }
        awaitStatus(cluster, ClusterStatus::allUp);
        for (long key = 0; key < KEYS; key++) {
            assertConsistent(acked.get(key), read(cluster, key), context + " final read of " + key);
        }
        assertAllNodesIdentical(cluster, context);
        assertThat(crashes).as(context).isGreaterThanOrEqualTo(25);
        assertThat(acknowledged).as(context).isGreaterThan(500);
    }

    @Test
    void shouldRefuseWritesWithAMajorityOfMastersDownAndChangeNothing() {
        long seed = Seeds.of("ClusterFaultToleranceTest.shouldRefuseWritesWithAMajorityOfMastersDownAndChangeNothing", 0x5EED0004L);
        Random random = new Random(seed);
        ActorRef<CoordinatorProtocol.Command> cluster = testKit.spawn(ClusterCoordinator.create(PFS, settings));
        Map<Long, Acked> acked = new HashMap<>();
        for (long key = 0; key < 8; key++) {
            Mutation create = new Mutation.Create(key, data(random));
            ClusterResult.Acknowledged ack = (ClusterResult.Acknowledged) write(cluster, create);
            acked.put(key, new Acked(ack.tid(), dataOf(create)));
        }
        cluster.tell(new CoordinatorProtocol.CrashNode(0));
        cluster.tell(new CoordinatorProtocol.CrashNode(1));
        awaitStatus(cluster, s -> s.nodes().get(0) == NodeState.DOWN && s.nodes().get(1) == NodeState.DOWN);
        List<List<ChainImage>> before = dumps(cluster);

        for (int i = 0; i < 200; i++) {
            long key = random.nextInt(16);
            Mutation mutation = randomMutation(random, key, i);
            ClusterResult result = mutation == null ? read(cluster, key) : write(cluster, mutation);
            String where = "seed " + seed + " attempt " + i + " " + mutation;
            assertThat(result).as(where).isInstanceOfSatisfying(ClusterResult.Refused.class, refused ->
                    assertThat(refused.reason()).as(where)
                            .matches("(write|read) refused: no (master )?quorum.*need 2 agreeing masters of pfs_nmasters 3, have 1.*")
                            .contains("unreachable: node 0, 1"));
        }
        assertThat(dumps(cluster)).as("seed " + seed).isEqualTo(before);

        cluster.tell(new CoordinatorProtocol.RestartNode(0));
        cluster.tell(new CoordinatorProtocol.RestartNode(1));
        awaitStatus(cluster, ClusterStatus::allUp);
        for (long key = 0; key < 16; key++) {
            assertConsistent(acked.get(key), read(cluster, key), "seed " + seed + " key " + key);
        }
        assertThat(write(cluster, new Mutation.Modify(3, data(random)))).isInstanceOf(ClusterResult.Acknowledged.class);
    }

    @Test
    void shouldLeaveNothingHalfAppliedWhenAMajorityCrashesDuringWrites() {
        long seed = Seeds.of("ClusterFaultToleranceTest.shouldLeaveNothingHalfAppliedWhenAMajorityCrashesDuringWrites", 0x5EED0005L);
        Random random = new Random(seed);
        for (int round = 0; round < 15; round++) {
            String context = "seed " + seed + " round " + round;
            ActorRef<CoordinatorProtocol.Command> cluster = testKit.spawn(ClusterCoordinator.create(PFS, settings));
            Mutation create = new Mutation.Create(1, data(random));
            long createdTid = ((ClusterResult.Acknowledged) write(cluster, create)).tid();
            TestProbe<ClusterResult> probe = testKit.createTestProbe();
            Mutation modify = new Mutation.Modify(1, data(random));
            cluster.tell(new CoordinatorProtocol.Write(modify, probe.getRef()));
            int survivor = random.nextInt(3);
            for (int master = 0; master < 3; master++) {
                if (master != survivor) {
                    cluster.tell(new CoordinatorProtocol.CrashNode(master));
                }
            }
            ClusterResult outcome = probe.receiveMessage(WAIT);
            awaitStatus(cluster, s -> s.nodes().stream().filter(n -> n == NodeState.DOWN).count() == 2);
            assertThat(write(cluster, new Mutation.Create(2, data(random)))).as(context).isInstanceOf(ClusterResult.Refused.class);
            for (int master = 0; master < 3; master++) {
                if (master != survivor) {
                    cluster.tell(new CoordinatorProtocol.RestartNode(master));
                }
            }
            awaitStatus(cluster, ClusterStatus::allUp);

            ClusterResult after = read(cluster, 1);
            assertThat(after).as(context + " outcome " + outcome).isInstanceOf(ClusterResult.Found.class);
            ClusterResult.Found found = (ClusterResult.Found) after;
            if (outcome instanceof ClusterResult.Acknowledged ack) {
                assertThat(found.tid()).as(context).isEqualTo(ack.tid());
                assertThat(found.data()).as(context).isEqualTo(dataOf(modify));
            } else if (outcome instanceof ClusterResult.Refused) {
                assertThat(found.tid()).as(context).isEqualTo(createdTid);
                assertThat(found.data()).as(context).isEqualTo(dataOf(create));
            } else {
                assertThat(outcome).as(context).isInstanceOf(ClusterResult.Failed.class);
                assertThat(found.tid()).as(context + " a failed write is either reverted or complete")
                        .isIn(createdTid, ((ClusterResult.Failed) outcome).tid());
            }
            assertAllNodesIdentical(cluster, context);
            testKit.stop(cluster, WAIT);
        }
    }

    private static Mutation randomMutation(Random random, long key, int op) {
        int kind = random.nextInt(10);
        if (kind < 3) {
            return null;
        }
        byte[] data = data(random);
        return kind < 6 ? new Mutation.Create(key, data) : kind < 9 ? new Mutation.Modify(key, data) : new Mutation.Delete(key);
    }

    private static byte[] data(Random random) {
        byte[] data = new byte[random.nextBoolean() ? Mutation.MIN_BYTES : 2 * Mutation.MIN_BYTES];
        random.nextBytes(data);
        return data;
    }

    private static byte[] dataOf(Mutation mutation) {
        return mutation instanceof Mutation.Create c ? c.data() : mutation instanceof Mutation.Modify m ? m.data() : null;
    }

    /** A read, or a rejection, must agree with the last acknowledged state of its key. */
    private static void assertConsistent(Acked expected, ClusterResult result, String where) {
        boolean present = expected != null && expected.data() != null;
        if (result instanceof ClusterResult.Found found) {
            assertThat(present).as(where + ": found an element nothing acknowledged").isTrue();
            assertThat(found.tid()).as(where).isEqualTo(expected.tid());
            assertThat(found.data()).as(where).isEqualTo(expected.data());
        } else if (result instanceof ClusterResult.NotFound) {
            assertThat(present).as(where + ": acknowledged element not found").isFalse();
        } else if (result instanceof ClusterResult.Rejected rejected) {
            assertThat(rejected.reason().endsWith("already exists")).as(where + ": " + rejected.reason()).isEqualTo(present);
        } else {
            throw new AssertionError(where + ": unexpected " + result);
        }
    }

    private static void assertAllNodesIdentical(ActorRef<CoordinatorProtocol.Command> cluster, String context) {
        List<List<ChainImage>> dumps = dumps(cluster);
        for (int node = 1; node < dumps.size(); node++) {
            assertThat(dumps.get(node)).as(context + " node " + node + " vs node 0").isEqualTo(dumps.get(0));
        }
    }

    private static ClusterResult write(ActorRef<CoordinatorProtocol.Command> cluster, Mutation mutation) {
        TestProbe<ClusterResult> probe = testKit.createTestProbe();
        cluster.tell(new CoordinatorProtocol.Write(mutation, probe.getRef()));
        return probe.receiveMessage(WAIT);
    }

    private static ClusterResult read(ActorRef<CoordinatorProtocol.Command> cluster, long key) {
        TestProbe<ClusterResult> probe = testKit.createTestProbe();
        cluster.tell(new CoordinatorProtocol.Read(key, probe.getRef()));
        return probe.receiveMessage(WAIT);
    }

    private static ClusterStatus awaitStatus(ActorRef<CoordinatorProtocol.Command> cluster,
                                                         Predicate<ClusterStatus> condition) {
        TestProbe<ClusterStatus> probe = testKit.createTestProbe();
        return probe.awaitAssert(WAIT, Duration.ofMillis(10), () -> {
            cluster.tell(new CoordinatorProtocol.GetStatus(probe.getRef()));
            ClusterStatus status = probe.receiveMessage(WAIT);
            if (!condition.test(status)) {
                throw new AssertionError("waiting for the cluster: " + status.nodes());
            }
            return status;
        });
    }

    private static List<List<ChainImage>> dumps(ActorRef<CoordinatorProtocol.Command> cluster) {
        TestProbe<ClusterStatus> statusProbe = testKit.createTestProbe();
        cluster.tell(new CoordinatorProtocol.GetStatus(statusProbe.getRef()));
        TestProbe<ChainNodeActor.Reply> probe = testKit.createTestProbe();
        List<List<ChainImage>> out = new ArrayList<>();
        for (ActorRef<ChainNodeActor.Command> node : statusProbe.receiveMessage(WAIT).refs()) {
            if (node == null) {
                out.add(null);
            } else {
                node.tell(new ChainNodeActor.Dump(-1, probe.getRef()));
                out.add(probe.expectMessageClass(ChainNodeActor.Dumped.class, WAIT).images());
            }
        }
        return out;
    }
}
