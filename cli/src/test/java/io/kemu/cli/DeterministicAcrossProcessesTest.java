package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seed replays the same deterministic run in two separate JVMs, not only within one: the two
 * processes print the same {@code trace sha256} line and the same report (the wall-clock line
 * aside). Guards against per-process values reaching the run: {@code ThreadLocalRandom}'s seed (Akka's
 * actor uids, the hash codes of {@code ActorRef}s Akka iterates in hash order) and the per-process
 * salt of {@code Map.copyOf}/{@code Set.copyOf} iteration order. Within one JVM neither shows, so
 * only a second process can catch them. Both the cluster and the journal simulation.
 */
class DeterministicAcrossProcessesTest {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    private record Run(int exit, List<String> out) {
    }

    private Run runInNewJvm(String name, String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), KemuCommand.class.getName()));
        command.addAll(List.of(args));
        final Path out = dir.resolve(name + ".out");
        final Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(name + " did not end within " + TIMEOUT_SECONDS + " s");
        }
        return new Run(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8));
    }

    private static List<String> withoutWallClock(List<String> report) {
        return report.stream().filter(line -> !line.startsWith("time:")).toList();
    }

    /** {@code kemu simulate}'s wall-clock lines (throughput, phases, stages, memory) and time-stamped log lines. */
    private static List<String> withoutSimulateWallClock(List<String> report) {
        return report.stream().filter(line -> !line.startsWith("ops ") && !line.startsWith("bytes ")
                && !line.startsWith("time ") && !line.startsWith("stage ") && !line.startsWith("memory ")
                && !line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList();
    }

    @Test
    void theSameSeedGivesTheSameTraceInTwoProcesses() throws Exception {
        final String[] args = {"cluster", "--thread-model", "deterministic", "--ops", "300", "--seed", "9"};
        final Run first = runInNewJvm("first", args);
        final Run second = runInNewJvm("second", args);

        assertThat(first.exit()).as("first run's exit, output %s", first.out()).isZero();
        assertThat(second.exit()).as("second run's exit, output %s", second.out()).isZero();
        final List<String> traces = first.out().stream().filter(line -> line.startsWith("trace sha256 ")).toList();
        assertThat(traces).hasSize(1);
        assertThat(second.out()).as("seed 9 in a second JVM").contains(traces.get(0));
        assertThat(withoutWallClock(second.out())).isEqualTo(withoutWallClock(first.out()));
    }

    /** The journal simulation too: CPUs, mounts with two journals each, simulated targets, kills. */
    @Test
    void theSameSeedGivesTheSameJournalSimulationInTwoProcesses() throws Exception {
        final String[] args = {"simulate", "--thread-model", "deterministic", "--cpus", "3", "--ops", "600", "--ring",
            "64k", "--mounts", "2", "--second-journal", "--kill-target", "1", "--seed", "9"};
        final Run first = runInNewJvm("simulate-first", args);
        final Run second = runInNewJvm("simulate-second", args);

        assertThat(first.exit()).as("first run's exit, output %s", first.out()).isZero();
        assertThat(second.exit()).as("second run's exit, output %s", second.out()).isZero();
        assertThat(first.out()).anyMatch(line -> line.startsWith("trace sha256 "));
        assertThat(withoutSimulateWallClock(second.out())).isEqualTo(withoutSimulateWallClock(first.out()));
    }
}
