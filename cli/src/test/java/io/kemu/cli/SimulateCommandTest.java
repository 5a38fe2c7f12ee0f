package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.kemu.testkit.simulation.SimulationOptions;
import io.kemu.testkit.simulation.SimulationProgress;
import io.kemu.testkit.simulation.SimulationReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kemu simulate}: every accepted run ends, the report says what really happened, outputs are guarded. */
class SimulateCommandTest {
    @TempDir
    Path tmp;

    /**
     * Many CPUs sharing few operations, one VOP per batch and one batch in flight: most batches wait
     * in the mount's stash, and many record nothing (a VOP that fails journals nothing), so they are
     * answered at once. The run must still end, verified, well before the stall watchdog.
     */
    @Test
    void shouldEndWhenManyCpusShareFewOperationsAndBatchesWaitInTheStash() {
        System.setProperty("kemu.mount.max-batches-in-flight", "1");
        ConfigFactory.invalidateCaches();
        try {
            final CliErrorsTest.Run run = CliErrorsTest.run("simulate", "--cpus", "96", "--ops", "300", "--batch", "1",
                    "--ring", "64k", "--stall-timeout", "20s");
            assertThat(run.status()).as(run.toString()).isZero();
            assertThat(run.out()).contains("verification passed");
            for (String stage : List.of("generating VOPs", "running VOPs on the mount", "waiting for ring space", "writer",
                    "socket", "target store", "fsync", "mirror")) {
                assertThat(run.out()).as(stage).containsPattern("stage +" + stage + " +[0-9.]+ s +[0-9.]+ us/op");
            }
            assertThat(run.out()).as("acks wait for fsyncs").doesNotContain("(0 calls");
        } finally {
            System.clearProperty("kemu.mount.max-batches-in-flight");
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void shouldNotBlameTheTargetKindWhenAFullDuplexTcpRunAcknowledgedNothing() {
        final StringWriter text = new StringWriter();
        final SimulationReport nothing = new SimulationReport(0, 0, 1.0, 0, 0, 0, null, new Histogram(3), List.of(),
                List.of(), new SimulationReport.Stages(java.util.Map.of(), 0, 0, 0, 0,
                        io.kemu.actors.journal.JournalStages.NONE, SimulationReport.TargetStages.NONE));
        SimulateCommand.print(new PrintWriter(text, true), nothing, SimulationOptions.defaults());
        assertThat(text.toString()).contains("ack latency  none (no transaction was acknowledged)")
                .doesNotContain("half duplex or file target");
    }

    @Test
    void shouldFailAStalledRunWithTheReason() {
        final SimulateCommand.StallWatch watch = new SimulateCommand.StallWatch(Duration.ofSeconds(10));
        watch.check(new SimulationProgress(5, 1.0, 0, 0, 0, 0));
        watch.check(new SimulationProgress(7, 2.0, 0, 0, 0, 0));
        watch.check(new SimulationProgress(7, 11.5, 0, 0, 0, 0));
        assertThatThrownBy(() -> watch.check(new SimulationProgress(7, 12.5, 0, 0, 0, 0)))
                .isInstanceOf(CliFailure.class)
                .hasMessage("stalled at 7 operations after 13 s (no operation completed for 10 s, the --stall-timeout;"
                        + " the run was stopped)");
    }

    @Test
    void shouldReplaceItsOwnEarlierMirrorWithForceButKeepTheUsersJournal() throws Exception {
        final Path journal = tmp.resolve("j.bin");
        final Path mirror = tmp.resolve("m");
        final String[] args = {"simulate", "--cpus", "2", "--ops", "200", "--journal", journal.toString(),
            "--mirror", mirror.toString()};
        assertThat(CliErrorsTest.run(args).status()).isZero();
        assertThat(tmp.resolve(".m.kemu-state")).isDirectory();

        final CliErrorsTest.Run again = CliErrorsTest.run(args);
        assertThat(again.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(again.err()).contains("already exists; give a new name, or --force");

        final String[] forced = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--force"))
                .toArray(String[]::new);
        final CliErrorsTest.Run replaced = CliErrorsTest.run(forced);
        assertThat(replaced.status()).as(replaced.toString()).isZero();
        assertThat(replaced.out()).contains("mirror equals the emulated tree");
        assertThat(Files.size(journal)).isPositive();
    }
}
