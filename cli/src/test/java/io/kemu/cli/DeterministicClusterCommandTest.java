package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kemu cluster --thread-model deterministic}: a seed replays the run, its trace and its report. */
class DeterministicClusterCommandTest {
    private static final String[] SMALL = {"cluster", "--thread-model", "deterministic", "--ops", "150", "--keys", "8",
            "--crash", "0.05"};

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KemuCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] with(String... more) {
        String[] args = new String[SMALL.length + more.length];
        System.arraycopy(SMALL, 0, args, 0, SMALL.length);
        System.arraycopy(more, 0, args, SMALL.length, more.length);
        return args;
    }

    @Test
    void shouldPrintTheSameReportAndTraceForTheSameSeed() {
        Run first = run(with("--seed", "11"));
        Run second = run(with("--seed", "11"));
        Run other = run(with("--seed", "12"));

        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("every acknowledged write is readable").containsPattern("trace sha256 [0-9a-f]{64}\n");
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(traceLine(other.out())).isNotEqualTo(traceLine(first.out()));
    }

    @Test
    void shouldSweepSeedsAndWriteTheTraceToANewFileOnly() throws Exception {
        Path trace = dir.resolve("trace.txt");
        Run sweep = run(with("--seeds", "1..3", "--trace", trace.toString()));

        assertThat(sweep.exit()).as(sweep.out() + sweep.err()).isZero();
        assertThat(sweep.out()).contains("seed 1 passed trace sha256 ", "seed 3 passed trace sha256 ",
                "seeds 1..3: 3 passed, 0 failed");
        assertThat(Files.readAllLines(trace)).contains("# seed 1", "# seed 3")
                .anyMatch(line -> line.matches("\\d+ /user/cluster\\S* \\S+"));

        Run again = run(with("--seeds", "1..2", "--trace", trace.toString()));
        assertThat(again.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(again.err()).contains("the file exists");
        assertThat(Files.readAllLines(trace)).contains("# seed 3");
    }

    @Test
    void shouldRefuseSeedsWithoutTheDeterministicModel() {
        Run run = run("cluster", "--seeds", "1..3");

        assertThat(run.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(run.err()).contains("need --thread-model deterministic");
    }

    private static String traceLine(String out) {
        return out.lines().filter(line -> line.startsWith("trace sha256 ")).findFirst().orElseThrow();
    }
}
