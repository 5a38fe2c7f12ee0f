package io.kemu.actors.cluster;

import static io.kemu.actors.cluster.ClusterTestSupport.awaitStatus;
import static io.kemu.actors.cluster.ClusterTestSupport.data;
import static io.kemu.actors.cluster.ClusterTestSupport.read;
import static io.kemu.actors.cluster.ClusterTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.replica.Mutation;
import io.kemu.testing.Seeds;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The quorum rule through the actors: a coordinator with n masters (1..8, odd and even) and one
 * slave, masters crashed one at a time, must acknowledge writes and answer reads exactly while
 * {@code n / 2 + 1} masters are up, and refuse them after. Then whole seeded simulations on 2 and 4
 * masters (the even sizes, where a wrong rounding lets half the masters decide), with up to half of
 * the masters impaired: nothing acknowledged may be lost.
 */
class ClusterQuorumTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ClusterTestSupport.config("150ms"));
    private static final ClusterSettings settings = ClusterSettings.from(testKit.system().settings().config());

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void shouldAcknowledgeExactlyWhileAQuorumOfMastersIsUp() {
        for (int n = 1; n <= 8; n++) {
            final int quorum = n / 2 + 1;
            final ActorRef<CoordinatorProtocol.Command> cluster =
                    testKit.spawn(ClusterCoordinator.create(Pfs.mastersThenSlaves(n, n < 8 ? 1 : 0), settings));
            assertThat(write(testKit, cluster, new Mutation.Create(0x10, data(0)))).as("%d masters", n)
                    .isInstanceOf(ClusterResult.Acknowledged.class);
            for (int down = 1; down <= n; down++) {
                final int crashed = down - 1;
                cluster.tell(new CoordinatorProtocol.CrashNode(crashed));
                awaitStatus(testKit, cluster, s -> s.nodes().get(crashed) == NodeState.DOWN);
                final String what = n + " masters, " + down + " down";
                final byte[] expected = data(down);
                final String need = "need " + quorum + " agreeing masters of pfs_nmasters " + n;

                final ClusterResult written = write(testKit, cluster, new Mutation.Modify(0x10, data(down)));
                final ClusterResult found = read(testKit, cluster, 0x10);

                if (n - down >= quorum) {
                    assertThat(written).as(what).isInstanceOf(ClusterResult.Acknowledged.class);
                    assertThat(found).as(what).isInstanceOfSatisfying(ClusterResult.Found.class,
                            f -> assertThat(f.data()).isEqualTo(expected));
                } else {
                    assertThat(written).as(what).isInstanceOfSatisfying(ClusterResult.Refused.class, r -> assertThat(r.reason()).contains(need));
                    assertThat(found).as(what).isInstanceOf(ClusterResult.Refused.class);
                }
            }
            testKit.stop(cluster);
        }
    }

    @Test
    void shouldLoseNoAcknowledgedWriteWithTwoMastersAndOneImpaired() {
        simulate(2, 1, 0x71756F72756D02L);
    }

    @Test
    void shouldLoseNoAcknowledgedWriteWithFourMastersAndTwoImpaired() {
        simulate(4, 2, 0x71756F72756D04L);
    }

    private static void simulate(int masters, int impaired, long defaultSeed) {
        final long seed = Seeds.of("ClusterQuorumTest " + masters + " masters", defaultSeed);
        final SimulationSpec spec = new SimulationSpec(masters + 1, masters, 200, 8, seed, 0.05, 0.0, 0.02, 15, impaired);
        final ActorRef<CoordinatorProtocol.Command> cluster =
                testKit.spawn(ClusterCoordinator.create(Pfs.mastersThenSlaves(masters, 1), settings));
        final TestProbe<SimulationReport> probe = testKit.createTestProbe();

        testKit.spawn(ClusterSimulation.create(spec, settings, cluster, probe.getRef()));
        final SimulationReport report = probe.receiveMessage(Duration.ofSeconds(180));

        final String context = "seed " + seed + "\n" + String.join("\n", report.lines());
        assertThat(report.passed()).as(context).isTrue();
        assertThat(report.acknowledged()).as(context).isPositive();
        assertThat(report.crashes() + report.partitions()).as(context).isPositive();
        assertThat(report.writesRefused()).as("half the masters impaired must refuse some writes: " + context).isPositive();
        testKit.stop(cluster);
    }
}
