package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kemu bench simulate} plumbing (the three paths, the table, the chart, exit status) and the
 * {@code kemu simulate} report's breakdown, on tiny runs; no figure is asserted.
 */
class BenchSimulateCommandTest {
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
    void shouldRejectNoOpsWithOneLineBeforeRunning() {
        final Path chart = tmp.resolve("c.png");
        assertThat(run("bench", "simulate", "--ops", "0", "--chart", chart.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("kemu bench simulate: options refused (--ops must be 1 .. 2147483647, got 0)");
        assertThat(chart).doesNotExist();
    }

    @Test
    void shouldRunTheThreePathsAndWriteATableAndAPngChart() throws Exception {
        final Path chart = tmp.resolve("paths.png");
        final int status = run("bench", "simulate", "--ops", "400", "--no-sizes", "--no-warmup", "--chart",
                chart.toString());
        final String table = out.toString();
        assertThat(table).containsPattern("\\| direct \\| .* \\| 400 \\| [0-9.]+ s \\| [0-9,]+ \\| 1\\.00 \\|");
        assertThat(table).containsPattern("\\| actors \\| .* \\| 400 \\| [0-9.]+ s \\| [0-9,]+ \\| [0-9.]+ \\|");
        assertThat(table).containsPattern("\\| simulate \\| .* \\| 400 \\| [0-9.]+ s \\| [0-9,]+ \\| [0-9.]+ \\|");
        assertThat(status).as("%s", table).isZero();
        final byte[] png = Files.readAllBytes(chart);
        assertThat(java.util.Arrays.copyOf(png, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
    }

    @Test
    void shouldEndTheSimulateReportWithPhasesStagesAndMemoryKeepingTheLinesScriptsRead() {
        // A 64 KiB ring fills many times over, so acks flow while the CPUs still issue.
        final int status = run("simulate", "--cpus", "2", "--ops", "2000", "--ring", "64k", "--journal",
                tmp.resolve("j.bin").toString(), "--mirror", tmp.resolve("m").toString());
        final String report = out.toString();
        assertThat(status).as("%s", report).isZero();
        assertThat(report).containsPattern("(?m)^ops +2,000 in [0-9.]+ s: [0-9,]+ ops/s");
        assertThat(report).containsPattern("(?m)^ack latency +p50 [0-9.]+ ms +p99 [0-9.]+ ms");
        assertThat(report).containsPattern("(?m)^time +issuing [0-9.]+ s, .*draining \\(unmount\\) [0-9.]+ s, "
                + ".*verify: compare the trees [0-9.]+ s");
        assertThat(report).containsPattern("(?m)^stage +generating VOPs +[0-9.]+ s +[0-9.]+ us/op");
        assertThat(report).containsPattern("(?m)^stage +running VOPs on the mount +[0-9.]+ s +[0-9.]+ us/op");
        assertThat(report).containsPattern("(?m)^memory +peak RSS [0-9.]+ (MiB|KiB)");
    }

    @Test
    void shouldSayADiscardedJournalIsNotVerified() {
        final int status = run("simulate", "--cpus", "2", "--ops", "300", "--target", "discard", "--half-duplex");
        assertThat(status).isZero();
        assertThat(out.toString()).contains("discarded by the target, not verified")
                .doesNotContain("mirror equals the emulated tree");
    }

    @Test
    void shouldRefuseADiscardingTargetInFullDuplex() {
        assertThat(run("simulate", "--ops", "300", "--target", "discard")).isEqualTo(2);
        assertThat(err.toString()).contains("use --half-duplex with --target discard");
    }
}
