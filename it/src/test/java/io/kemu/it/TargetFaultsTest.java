package io.kemu.it;

import static io.kemu.it.ThreadModelSimulationTest.assertVerified;
import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.cli.simulation.Simulation;
import io.kemu.cli.simulation.SimulationOptions;
import io.kemu.cli.simulation.SimulationReport;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Faults on the way to the target: nothing committed may be lost or applied twice. */
class TargetFaultsTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void droppedConnectionsRestartTheJournalWithoutLoss() throws Exception {
        final long seed = 77;
        final SimulationReport report = Simulation.run(new SimulationOptions(8, 6_000, null, 64 * 1024,
                SimulationOptions.TargetKind.TCP, false, false, 3, 0, seed, null, null, ThreadModel.FORK_JOIN, 8,
                true, 1, false), p -> { });
        assertVerified(report, "seed " + seed);
        assertThat(report.restarts()).isEqualTo(3);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSlowTargetBackpressuresTheProducers() throws Exception {
        final long seed = 78;
        final SimulationReport report = Simulation.run(new SimulationOptions(8, 3_000, null, 64 * 1024,
                SimulationOptions.TargetKind.TCP, false, false, 0, 256 * 1024, seed, null, null, ThreadModel.FORK_JOIN, 8,
                true, 1, false), p -> { });
        assertVerified(report, "seed " + seed);
        assertThat(report.fifostalls()).as("producers waited for ring space").isPositive();
    }
}
