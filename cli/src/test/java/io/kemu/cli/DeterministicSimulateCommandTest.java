package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.dispatch.deterministic.DeterministicRun;
import io.kemu.testkit.simulation.Simulation;
import io.kemu.testkit.simulation.SimulationOptions;
import io.kemu.testkit.simulation.SimulationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kemu simulate --thread-model deterministic}: several CPUs, a small ring and target kills,
 * and still a seed replays the run — the same trace digest and the same report but for its
 * wall-clock lines — while another seed gives another trace; nothing runs on another thread, and the
 * journal verifies (its mirror equals the tree, its stream is well formed).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeterministicSimulateCommandTest {
    private static final String[] SMALL = {"simulate", "--thread-model", "deterministic", "--cpus", "3", "--ops", "1500",
        "--ring", "64k", "--kill-target", "2"};
    /** The report's lines measured on the wall clock: not part of what a seed replays. */
    private static final List<String> WALL_CLOCK = List.of("ops ", "bytes ", "time ", "stage ", "memory ");

    @TempDir
    Path dir;

    private static String[] with(String... more) {
        final String[] args = new String[SMALL.length + more.length];
        System.arraycopy(SMALL, 0, args, 0, SMALL.length);
        System.arraycopy(more, 0, args, SMALL.length, more.length);
        return args;
    }

    private static List<String> replayed(String out) {
        return out.lines().filter(line -> WALL_CLOCK.stream().noneMatch(line::startsWith)).toList();
    }

    private static String traceLine(String out) {
        return out.lines().filter(line -> line.startsWith("trace sha256 ")).findFirst().orElseThrow();
    }

    @Test
    void shouldPrintTheSameTraceAndReportForTheSameSeedAndAnotherTraceForAnotherSeed() {
        final CliErrorsTest.Run first = CliErrorsTest.run(with("--seed", "5"));
        final CliErrorsTest.Run second = CliErrorsTest.run(with("--seed", "5"));
        final CliErrorsTest.Run other = CliErrorsTest.run(with("--seed", "6"));

        assertThat(first.status()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("tcp (simulated in memory)", "restarts     2", "verification passed",
                        "mirror equals the emulated tree")
                .containsPattern("ack latency  p50 [0-9.]+ ms  p99 [0-9.]+ ms")
                .containsPattern("virtual time issuing [0-9.]+ s")
                .containsPattern("trace sha256 [0-9a-f]{64}\n")
                .doesNotContain("run failed");
        assertThat(replayed(second.out())).isEqualTo(replayed(first.out()));
        assertThat(other.status()).as(other.out() + other.err()).isZero();
        assertThat(traceLine(other.out())).isNotEqualTo(traceLine(first.out()));
    }

    @Test
    void shouldRunEveryJournalOfEveryMountOnTheDriverThreadAndVerifyThem() throws Exception {
        final SimulationOptions options = new SimulationOptions(2, 1200, null, 64 * 1024, SimulationOptions.TargetKind.TCP,
                false, true, 1, 0, 3, null, null, ThreadModel.DETERMINISTIC, 8, false, 2, true);
        final DeterministicRun.Outcome<SimulationReport> outcome = Simulation.runDeterministic(options, null, p -> { });

        assertThat(outcome.failure()).as("no foreign submissions, no stall").isNull();
        final SimulationReport report = outcome.result();
        assertThat(report.verified()).as(report.journals() + " " + report.problems()).isTrue();
        assertThat(report.ops()).isEqualTo(1200);
        assertThat(report.restarts()).isEqualTo(2);
        assertThat(report.journals()).hasSize(4).allMatch(j -> j.records() > 0 && !j.discarded());
        assertThat(report.virtual()).isNotNull();
        assertThat(outcome.deliveries()).isPositive();
    }

    @Test
    void shouldSweepSeedsAndWriteTheTrace() throws Exception {
        final Path trace = dir.resolve("trace.txt");
        final CliErrorsTest.Run sweep = CliErrorsTest.run("simulate", "--thread-model", "deterministic", "--cpus", "2",
                "--ops", "400", "--ring", "64k", "--seeds", "1..2", "--trace", trace.toString());

        assertThat(sweep.status()).as(sweep.out() + sweep.err()).isZero();
        assertThat(sweep.out()).contains("seed 1 passed trace sha256 ", "seed 2 passed trace sha256 ",
                "seeds 1..2: 2 passed, 0 failed");
        assertThat(Files.readAllLines(trace)).contains("# seed 1", "# seed 2")
                .anyMatch(line -> line.matches("\\d+ /user/mount-0\\S* \\S+"));
    }

    @Test
    void shouldRefuseSeedsWithoutTheDeterministicModelAndWallClockDurationsWithIt() {
        final CliErrorsTest.Run seeds = CliErrorsTest.run("simulate", "--seeds", "1..3");
        assertThat(seeds.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(seeds.err()).contains("need --thread-model deterministic").doesNotContain("Exception");

        final CliErrorsTest.Run duration = CliErrorsTest.run("simulate", "--thread-model", "deterministic",
                "--duration", "5s");
        assertThat(duration.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(duration.err()).contains("virtual time").doesNotContain("Exception");

        final CliErrorsTest.Run backwards = CliErrorsTest.run("simulate", "--thread-model", "deterministic",
                "--seeds", "5..1", "--ops", "100");
        assertThat(backwards.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(backwards.err()).contains("--seeds 5..1 refused").doesNotContain("Exception");
        assertThat(backwards.out()).as("refused before the run's header").isEmpty();
    }
}
