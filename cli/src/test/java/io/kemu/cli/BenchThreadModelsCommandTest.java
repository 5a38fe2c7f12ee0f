package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kemu bench thread-models} plumbing: model selection, the table, the chart file, exit status. */
class BenchThreadModelsCommandTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        final CommandLine cli = KemuCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldRejectAnUnknownThreadModelWithoutRunningAnything() {
        final Path chart = tmp.resolve("chart.png");
        assertThat(run("bench", "thread-models", "--models", "fork-join,green-threads", "--chart", chart.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown thread model 'green-threads'").contains("lwkt");
        assertThat(out.toString()).doesNotContain("| journal |");
        assertThat(chart).doesNotExist();
    }

    @Test
    void shouldRejectAModelGivenTwice() {
        assertThat(run("bench", "thread-models", "--models", "lwkt,lwkt", "--chart", tmp.resolve("c.png").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("'lwkt' given twice");
    }

    @Test
    void shouldRejectARingThatIsNotAPowerOfTwoBeforeRunning() {
        assertThat(run("bench", "thread-models", "--ring", "100k", "--chart", tmp.resolve("c.png").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--ring must be a power of two");
        assertThat(err.toString()).doesNotContain("warming up");
        assertThat(out.toString()).doesNotContain("| journal |");
    }

    @Test
    void shouldPrintARowAndWriteAPngChartForATinyRun() throws Exception {
        final Path chart = tmp.resolve("out").resolve("tiny.png");
        final int status = run("bench", "thread-models", "--models", "fork-join", "--ops", "200", "--ring", "64k",
                "--no-warmup", "--chart", chart.toString());
        final String table = out.toString();
        assertThat(table).containsPattern("\\| journal \\| fork-join \\| [0-9,]+ \\| [0-9.]+ ms \\| [0-9.]+ ms \\|");
        assertThat(table).contains("chart written to " + chart);
        assertThat(table).as("a tiny fork-join run verifies").contains("| yes |").doesNotContain("| NO |");
        assertThat(status).as("exit status of a verified run:%n%s", table).isZero();
        final byte[] png = Files.readAllBytes(chart);
        assertThat(png.length).isGreaterThan(1000);
        assertThat(java.util.Arrays.copyOf(png, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
    }

    @Test
    void shouldReportVirtualThreadsAsUnavailableBeforeJava21() {
        assumeTrue(Runtime.version().feature() < 21, "virtual threads run on this JVM");
        final Path chart = tmp.resolve("virtual.png");
        assertThat(run("bench", "thread-models", "--models", "virtual", "--no-warmup", "--chart", chart.toString()))
                .isZero();
        assertThat(out.toString()).contains("| journal | virtual | unavailable: needs Java 21 |")
                .contains("no chart: no thread model could run on this JVM");
        assertThat(chart).doesNotExist();
    }

    @Test
    void shouldRunTheJournalAndClusterWorkloadsAsTheDeterministicRows() throws Exception {
        final Path chart = tmp.resolve("deterministic.png");
        final int status = run("bench", "thread-models", "--models", "deterministic", "--ops", "100", "--ring", "64k",
                "--no-warmup", "--chart", chart.toString());
        final String table = out.toString();
        assertThat(table).containsPattern("\\| journal \\| deterministic \\| [0-9,]+ \\| [0-9.]+ ms \\| [0-9.]+ ms \\|.*\\| yes \\|")
                .containsPattern("\\| cluster \\| deterministic \\| [0-9,]+ \\| [0-9.]+ ms \\| [0-9.]+ ms \\|.*\\| yes \\|");
        assertThat(status).as(table).isZero();
    }
}
