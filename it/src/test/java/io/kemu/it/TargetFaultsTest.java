package io.kemu.it;

import static io.kemu.it.ThreadModelSimulationTest.assertVerified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.testkit.simulation.Simulation;
import io.kemu.testkit.simulation.SimulationOptions;
import io.kemu.testkit.simulation.SimulationReport;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults on the way to the target, under every thread model this JVM can run: nothing committed may
 * be lost or applied twice (under the deterministic model, to its simulated in-memory target). Each
 * run prints nothing unless it fails, and then names its seed.
 */
class TargetFaultsTest {
    private static boolean unavailable(ThreadModel model) {
        return model == ThreadModel.VIRTUAL && Runtime.version().feature() < 21;
    }

    @ParameterizedTest
    @EnumSource(ThreadModel.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void droppedConnectionsRestartTheJournalWithoutLoss(ThreadModel model) throws Exception {
        assumeFalse(unavailable(model), "virtual threads need Java 21");
        final long seed = 77 + model.ordinal();
        final SimulationReport report = Simulation.run(new SimulationOptions(8, 3_000, null, 64 * 1024,
                SimulationOptions.TargetKind.TCP, false, false, 3, 0, seed, null, null, model, 8, false, 1, false),
                p -> { });
        assertVerified(report, "thread model " + model.configName() + ", seed " + seed);
        assertThat(report.restarts()).as("every drop restarted the journal").isEqualTo(3);
    }

    /** About 600 KiB of journal through a 128 KiB/s target (1 s of burst) and a 64 KiB ring. */
    @ParameterizedTest
    @EnumSource(ThreadModel.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSlowTargetBackpressuresTheProducers(ThreadModel model) throws Exception {
        assumeFalse(unavailable(model), "virtual threads need Java 21");
        final long seed = 78 + model.ordinal();
        final SimulationReport report = Simulation.run(new SimulationOptions(8, 2_000, null, 64 * 1024,
                SimulationOptions.TargetKind.TCP, false, false, 0, 128 * 1024, seed, null, null, model, 8,
                false, 1, false), p -> { });
        assertVerified(report, "thread model " + model.configName() + ", seed " + seed);
        assertThat(report.fifostalls()).as("producers waited for ring space").isPositive();
    }
}
