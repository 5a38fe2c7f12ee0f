package io.kemu.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.dispatch.ThreadModelUnavailableException;
import io.kemu.testkit.simulation.Simulation;
import io.kemu.testkit.simulation.SimulationOptions;
import io.kemu.testkit.simulation.SimulationReport;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sixteen simulated CPUs on two cores, across two mounts, each mount with two journals (full duplex
 * over loopback TCP to a mirroring target, and a file; both simulated in memory under the
 * deterministic model), under every thread model: every journal's
 * mirror must equal its mount's emulated tree and every stream must carry strictly increasing
 * transids (nothing lost, nothing duplicated).
 */
class ThreadModelSimulationTest {
    static SimulationOptions options(ThreadModel model, long seed) {
        return new SimulationOptions(16, 2_400, null, 64 * 1024, SimulationOptions.TargetKind.TCP, false, false, 0, 0,
                seed, null, null, model, 8, true, 2, true);
    }

    static void assertVerified(SimulationReport report, String context) {
        final StringBuilder why = new StringBuilder(context);
        report.journals().forEach(j -> why.append("\n  ").append(j.name()).append(": ")
                .append(j.streamProblem()).append(' ').append(j.treeDifferences()));
        report.problems().forEach(p -> why.append("\n  problem: ").append(p));
        assertThat(report.verified()).as(why.toString()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ThreadModel.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyJournalOfEveryMountVerifiesUnderEachThreadModel(ThreadModel model) throws Exception {
        if (model == ThreadModel.VIRTUAL && Runtime.version().feature() < 21) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Simulation.run(options(model, 1), p -> { })))
                    .isInstanceOf(ThreadModelUnavailableException.class)
                    .hasMessageContaining("Java 21");
            return;
        }
        final long seed = 1000 + model.ordinal();
        final SimulationReport report = Simulation.run(options(model, seed), p -> { });
        assertVerified(report, "thread model " + model.configName() + ", seed " + seed);
        assertThat(report.ops()).isEqualTo(2_400);
        assertThat(report.journals()).hasSize(4);
        assertThat(report.journals()).allMatch(j -> j.records() > 0);
    }
}
