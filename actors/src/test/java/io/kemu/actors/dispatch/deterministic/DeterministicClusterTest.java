package io.kemu.actors.dispatch.deterministic;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.cluster.ClusterSettings;
import io.kemu.actors.cluster.ClusterSimulation;
import io.kemu.actors.cluster.SimulationReport;
import io.kemu.actors.cluster.SimulationSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster simulation under the deterministic thread model: a seed is the run. */
class DeterministicClusterTest {

    static DeterministicRun.Outcome<SimulationReport> cluster(long seed, List<String> trace) {
        return cluster(seed, seed, trace);
    }

    /** The same workload ({@code workloadSeed}) under the interleaving of {@code runSeed}. */
    static DeterministicRun.Outcome<SimulationReport> cluster(long runSeed, long workloadSeed, List<String> trace) {
        final SimulationSpec spec = new SimulationSpec(5, 3, 300, 16, workloadSeed, 0.03, 0.01, 0.01, 20, 1);
        return DeterministicRun.run(runSeed, 1, ConfigFactory.load(), trace == null ? null : trace::add,
                Duration.ofHours(1), (config, onReport) -> ActorSystem.create(ClusterSimulation.guardian(spec,
                        ClusterSettings.from(config), node -> Props.empty(), Props.empty(), onReport), "det", config));
    }

    @Test
    void shouldReplayTheSameTraceAndReportFromTheSameSeed() {
        final List<String> first = new ArrayList<>();
        final List<String> second = new ArrayList<>();
        final DeterministicRun.Outcome<SimulationReport> a = cluster(7, first);
        final DeterministicRun.Outcome<SimulationReport> b = cluster(7, second);

        assertThat(a.failure()).isNull();
        assertThat(a.result().passed()).as(String.join("\n", a.result().lines())).isTrue();
        assertThat(a.result().crashes()).isPositive();
        assertThat(second).isEqualTo(first);
        assertThat(b.traceSha256()).isEqualTo(a.traceSha256());
        assertThat(b.result().lines()).isEqualTo(a.result().lines());
        assertThat(first).anyMatch(line -> line.contains("/user/cluster ") || line.contains("/user/cluster/"));
        assertThat(a.traceSha256()).as("the digest is the SHA-256 of the trace lines, each ended by a newline")
                .isEqualTo(sha256(first));
    }

    private static String sha256(List<String> lines) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            lines.forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldExploreADifferentRunFromADifferentSeed() {
        final DeterministicRun.Outcome<SimulationReport> a = cluster(7, null);
        final DeterministicRun.Outcome<SimulationReport> b = cluster(8, null);

        assertThat(b.traceSha256()).isNotEqualTo(a.traceSha256());
        assertThat(a.result().passed()).isTrue();
        assertThat(b.result().passed()).isTrue();
    }

    @Test
    void shouldInterleaveTheSameWorkloadDifferentlyUnderADifferentRunSeed() {
        final DeterministicRun.Outcome<SimulationReport> a = cluster(1, 7, null);
        final DeterministicRun.Outcome<SimulationReport> b = cluster(2, 7, null);

        assertThat(b.traceSha256()).isNotEqualTo(a.traceSha256());
        assertThat(b.result().passed()).isTrue();
    }
}
