package io.kemu.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.replica.Mutation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kemu.testing.Seeds;

/**
 * The same seeded operations against two clusters, one answering at once and one whose nodes
 * answer after random, changing delays (all well inside the gather timeout, so only the order of
 * the replies changes): every answer must be the same.
 */
class ReplyOrderTest {
    private static final Logger log = LoggerFactory.getLogger(ReplyOrderTest.class);
    private static final ActorTestKit testKit = ActorTestKit.create(ClusterTestSupport.config("3s"));
    private static final ClusterSettings settings = ClusterSettings.from(testKit.system().settings().config());

    @AfterAll
    static void shutdown() {
        log.debug("shutting down the test kit");
        testKit.shutdownTestKit();
    }

    @Test
    void shouldGiveTheSameAnswersWhateverOrderNodeRepliesArriveIn() {
        long seed = Seeds.of("ReplyOrderTest.shouldGiveTheSameAnswersWhateverOrderNodeRepliesArriveIn", 0x5EED0002L);
        Pfs pfs = Pfs.mastersThenSlaves(3, 2);
        ActorRef<CoordinatorProtocol.Command> prompt = testKit.spawn(ClusterCoordinator.create(pfs, settings));
        ActorRef<CoordinatorProtocol.Command> shuffled = testKit.spawn(ClusterCoordinator.create(pfs, settings));
        Random ops = new Random(seed);
        Random delays = new Random(seed + 1);
        List<String> promptAnswers = new ArrayList<>();
        List<String> shuffledAnswers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            for (int node = 0; node < pfs.slots(); node++) {
                shuffled.tell(new CoordinatorProtocol.SlowNode(node, Duration.ofMillis(delays.nextInt(6))));
            }
            long key = ops.nextInt(6);
            int kind = ops.nextInt(4);
            byte[] data = ClusterTestSupport.data(i);
            Mutation mutation = kind == 0 ? null : kind == 1 ? new Mutation.Create(key, data)
                    : kind == 2 ? new Mutation.Modify(key, data) : new Mutation.Delete(key);
            for (ActorRef<CoordinatorProtocol.Command> cluster : List.of(prompt, shuffled)) {
                ClusterResult result = mutation == null ? ClusterTestSupport.read(testKit, cluster, key)
                        : ClusterTestSupport.write(testKit, cluster, mutation);
                (cluster == prompt ? promptAnswers : shuffledAnswers).add(describe(result));
            }
            assertThat(shuffledAnswers).as("seed " + seed + " operation " + i).isEqualTo(promptAnswers);
        }
    }

    private static String describe(ClusterResult result) {
        return result instanceof ClusterResult.Found f
                ? "Found[" + f.key() + " tid " + f.tid() + " " + Arrays.toString(f.data()) + "]" : result.toString();
    }
}
