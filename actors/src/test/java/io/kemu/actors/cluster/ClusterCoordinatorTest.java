package io.kemu.actors.cluster;

import static io.kemu.actors.cluster.ClusterTestSupport.awaitStatus;
import static io.kemu.actors.cluster.ClusterTestSupport.data;
import static io.kemu.actors.cluster.ClusterTestSupport.dumps;
import static io.kemu.actors.cluster.ClusterTestSupport.read;
import static io.kemu.actors.cluster.ClusterTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.Mutation;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ClusterCoordinatorTest {
    private static final Logger log = LoggerFactory.getLogger(ClusterCoordinatorTest.class);
    private static final ActorTestKit testKit = ActorTestKit.create(ClusterTestSupport.config("150ms"));
    private static final ClusterSettings settings = ClusterSettings.from(testKit.system().settings().config());

    @AfterAll
    static void shutdown() {
        log.debug("shutting down the test kit");
        testKit.shutdownTestKit();
    }

    private static ActorRef<CoordinatorProtocol.Command> cluster(int masters, int slaves) {
        return testKit.spawn(ClusterCoordinator.create(Pfs.mastersThenSlaves(masters, slaves), settings));
    }

    @Test
    void shouldAcknowledgeAWriteAndReadItBackWithItsTid() {
        ActorRef<CoordinatorProtocol.Command> cluster = cluster(3, 2);

        ClusterResult ack = write(testKit, cluster, new Mutation.Create(0x10, data(1)));

        assertThat(ack).isInstanceOf(ClusterResult.Acknowledged.class);
        long tid = ((ClusterResult.Acknowledged) ack).tid();
        assertThat(read(testKit, cluster, 0x10)).isInstanceOfSatisfying(ClusterResult.Found.class, found -> {
            assertThat(found.tid()).isEqualTo(tid);
            assertThat(found.data()).isEqualTo(data(1));
        });
        assertThat(read(testKit, cluster, 0x20)).isEqualTo(new ClusterResult.NotFound(0x20));
        assertThat(write(testKit, cluster, new Mutation.Create(0x10, data(2))))
                .isEqualTo(new ClusterResult.Rejected("element 0x10 already exists"));
    }

    @Test
    void shouldKeepWritingWithAMasterDownAndResyncItAfterRestart() {
        ActorRef<CoordinatorProtocol.Command> cluster = cluster(3, 2);
        write(testKit, cluster, new Mutation.Create(0x10, data(1)));

        cluster.tell(new CoordinatorProtocol.CrashNode(1));
        awaitStatus(testKit, cluster, s -> s.nodes().get(1) == NodeState.DOWN);
        assertThat(write(testKit, cluster, new Mutation.Modify(0x10, data(2)))).isInstanceOf(ClusterResult.Acknowledged.class);
        assertThat(write(testKit, cluster, new Mutation.Create(0x20, data(3)))).isInstanceOf(ClusterResult.Acknowledged.class);
        cluster.tell(new CoordinatorProtocol.RestartNode(1));
        awaitStatus(testKit, cluster, ClusterStatus::allUp);

        List<List<ChainImage>> dumps = dumps(testKit, cluster);
        assertThat(dumps.get(1)).isEqualTo(dumps.get(0));
        assertThat(dumps.get(4)).isEqualTo(dumps.get(0));
    }

    @Test
    void shouldRefuseWritesAndReadsWithAMajorityOfMastersDownAndChangeNothing() {
        ActorRef<CoordinatorProtocol.Command> cluster = cluster(3, 2);
        write(testKit, cluster, new Mutation.Create(0x10, data(1)));
        cluster.tell(new CoordinatorProtocol.CrashNode(0));
        cluster.tell(new CoordinatorProtocol.CrashNode(2));
        awaitStatus(testKit, cluster, s -> s.nodes().get(0) == NodeState.DOWN && s.nodes().get(2) == NodeState.DOWN);
        List<List<ChainImage>> before = dumps(testKit, cluster);

        ClusterResult refused = write(testKit, cluster, new Mutation.Modify(0x10, data(9)));

        assertThat(refused).isInstanceOfSatisfying(ClusterResult.Refused.class, r -> assertThat(r.reason())
                .startsWith("write refused: no master quorum: need 2 agreeing masters of pfs_nmasters 3, have 1"));
        assertThat(read(testKit, cluster, 0x10)).isInstanceOf(ClusterResult.Refused.class);
        assertThat(dumps(testKit, cluster)).isEqualTo(before);
    }

    @Test
    void shouldResyncAPartitionedNodeAfterItHeals() {
        ActorRef<CoordinatorProtocol.Command> cluster = cluster(3, 1);
        cluster.tell(new CoordinatorProtocol.PartitionNode(3, true));

        assertThat(write(testKit, cluster, new Mutation.Create(0x10, data(1)))).isInstanceOf(ClusterResult.Acknowledged.class);
        awaitStatus(testKit, cluster, s -> s.nodes().get(3) == NodeState.STALE);
        cluster.tell(new CoordinatorProtocol.PartitionNode(3, false));
        awaitStatus(testKit, cluster, ClusterStatus::allUp);

        List<List<ChainImage>> dumps = dumps(testKit, cluster);
        assertThat(dumps.get(3)).isEqualTo(dumps.get(0));
    }
}
