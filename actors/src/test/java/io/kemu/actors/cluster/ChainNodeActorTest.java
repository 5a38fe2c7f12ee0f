package io.kemu.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.ChainWrite;
import io.kemu.hammer2.replica.NodeStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ChainNodeActorTest {
    private static final Logger log = LoggerFactory.getLogger(ChainNodeActorTest.class);
    private static final ActorTestKit testKit = ActorTestKit.create(ClusterTestSupport.serializing());
    private static final Duration WAIT = Duration.ofSeconds(5);

    @AfterAll
    static void shutdown() {
        log.debug("shutting down the test kit");
        testKit.shutdownTestKit();
    }

    private static ChainImage image(long key, long tid) {
        return new ChainImage(new Blockref(BrefType.DATA, key, 0, tid, 0, 0), 64, new byte[64]);
    }

    private static List<ChainImage> dump(ActorRef<ChainNodeActor.Command> node, TestProbe<ChainNodeActor.Reply> probe) {
        node.tell(new ChainNodeActor.Dump(99, probe.getRef()));
        return probe.expectMessageClass(ChainNodeActor.Dumped.class, WAIT).images();
    }

    @Test
    void shouldApplyAndRevertTheLastWrite() {
        TestProbe<ChainNodeActor.Reply> probe = testKit.createTestProbe();
        ActorRef<ChainNodeActor.Command> node = testKit.spawn(ChainNodeActor.create(new NodeStore(0)));
        List<ChainImage> before = dump(node, probe);

        node.tell(new ChainNodeActor.Apply(1, List.of(new ChainWrite.Put(image(0x10, 5))), probe.getRef()));
        assertThat(probe.expectMessageClass(ChainNodeActor.Applied.class, WAIT)).isEqualTo(new ChainNodeActor.Applied(0, 1));
        node.tell(new ChainNodeActor.Revert(1));

        assertThat(dump(node, probe)).isEqualTo(before);
    }

    @Test
    void shouldIgnoreARevertThatArrivesAfterNewerState() {
        TestProbe<ChainNodeActor.Reply> probe = testKit.createTestProbe();
        ActorRef<ChainNodeActor.Command> node = testKit.spawn(ChainNodeActor.create(new NodeStore(0)));
        node.tell(new ChainNodeActor.Apply(1, List.of(new ChainWrite.Put(image(0x10, 5))), probe.getRef()));
        probe.expectMessageClass(ChainNodeActor.Applied.class, WAIT);

        node.tell(new ChainNodeActor.Sync(List.of(new ChainWrite.Put(image(0x10, 7)))));
        node.tell(new ChainNodeActor.Revert(1));

        assertThat(dump(node, probe)).contains(image(0x10, 7));
    }

    @Test
    void shouldDropRequestsWhilePartitionedAndSayHelloWhenHealed() {
        TestProbe<ChainNodeActor.Reply> cluster = testKit.createTestProbe();
        TestProbe<ChainNodeActor.Reply> probe = testKit.createTestProbe();
        ActorRef<ChainNodeActor.Command> node = testKit.spawn(ChainNodeActor.create(new NodeStore(3)));

        node.tell(new ChainNodeActor.SetPartitioned(true, cluster.getRef()));
        node.tell(new ChainNodeActor.Fetch(1, 0x10, probe.getRef()));
        probe.expectNoMessage(Duration.ofMillis(100));
        node.tell(new ChainNodeActor.SetPartitioned(false, cluster.getRef()));

        assertThat(cluster.expectMessageClass(ChainNodeActor.Hello.class, WAIT).node()).isEqualTo(3);
        node.tell(new ChainNodeActor.Fetch(2, 0x10, probe.getRef()));
        assertThat(probe.expectMessageClass(ChainNodeActor.Fetched.class, WAIT).opId()).isEqualTo(2);
    }

    @Test
    void shouldStillAnswerWhenSlowAndStopOnCrash() {
        TestProbe<ChainNodeActor.Reply> probe = testKit.createTestProbe();
        ActorRef<ChainNodeActor.Command> node = testKit.spawn(ChainNodeActor.create(new NodeStore(1)));

        node.tell(new ChainNodeActor.SetDelay(Duration.ofMillis(300)));
        node.tell(new ChainNodeActor.Fetch(1, 0x10, probe.getRef()));
        probe.expectNoMessage(Duration.ofMillis(100));
        assertThat(probe.expectMessageClass(ChainNodeActor.Fetched.class, WAIT).reply().child()).isNull();

        node.tell(ChainNodeActor.Crash.INSTANCE);
        probe.expectTerminated(node, WAIT);
    }
}
