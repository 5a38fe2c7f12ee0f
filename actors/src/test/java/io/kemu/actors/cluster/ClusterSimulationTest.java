package io.kemu.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.kemu.hammer2.cluster.Pfs;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kemu.testing.Seeds;

class ClusterSimulationTest {
    private static final Logger log = LoggerFactory.getLogger(ClusterSimulationTest.class);
    private static final ActorTestKit testKit = ActorTestKit.create(ClusterTestSupport.config("60ms"));
    private static final ClusterSettings settings = ClusterSettings.from(testKit.system().settings().config());

    @AfterAll
    static void shutdown() {
        log.debug("shutting down the test kit");
        testKit.shutdownTestKit();
    }

    @Test
    void shouldLoseNoAcknowledgedWriteUnderSeededFaults() {
        long seed = Seeds.of("ClusterSimulationTest.shouldLoseNoAcknowledgedWriteUnderSeededFaults", 0x5EED0001L);
        SimulationSpec spec = new SimulationSpec(5, 3, 600, 16, seed, 0.03, 0.01, 0.01, 20, 1);
        ActorRef<CoordinatorProtocol.Command> cluster =
                testKit.spawn(ClusterCoordinator.create(Pfs.mastersThenSlaves(3, 2), settings));
        TestProbe<SimulationReport> probe = testKit.createTestProbe();

        testKit.spawn(ClusterSimulation.create(spec, settings, cluster, probe.getRef()));
        SimulationReport report;
        try {
            report = probe.receiveMessage(Duration.ofSeconds(180));
        } catch (AssertionError timeout) {
            throw new AssertionError("seed " + seed + ": " + timeout.getMessage(), timeout);
        }

        assertThat(report.passed()).as("seed " + seed + "\n" + String.join("\n", report.lines())).isTrue();
        assertThat(report.acknowledged()).as("seed " + seed).isPositive();
        assertThat(report.reads() + report.writes()).isEqualTo(600);
    }

    @Test
    void shouldPerformEveryScheduledKillOneAtATime() {
        long seed = 21L;
        SimulationSpec spec = new SimulationSpec(5, 3, 400, 16, seed, 0, 0, 0, 20, 1, 4);
        ActorRef<CoordinatorProtocol.Command> cluster =
                testKit.spawn(ClusterCoordinator.create(Pfs.mastersThenSlaves(3, 2), settings));
        TestProbe<SimulationReport> probe = testKit.createTestProbe();

        testKit.spawn(ClusterSimulation.create(spec, settings, cluster, probe.getRef()));
        SimulationReport report = probe.receiveMessage(Duration.ofSeconds(50));

        assertThat(report.passed()).as("seed " + seed + "\n" + String.join("\n", report.lines())).isTrue();
        assertThat(report.crashes()).as("seed " + seed).isEqualTo(4);
    }
}
