package io.kemu.hammer2.conformance;

import io.kemu.conformance.ConformanceSummary;
import io.kemu.conformance.VectorOutcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterVectorRunnerTest {
    private static final String SINGLE_MASTER = """
            mode resolve
            nmasters 1
            node 0 MASTER 1 100 0 0 INODE 0x1000 0 1024
            """;
    private static final String SINGLE_MASTER_EXPECT = """
            result OK
            returns CLUSTER
            focus 0
            error 0
            ddflag 0
            flags MSYNCED NOSOFT RDHARD SSYNCED WRHARD
            item 0 FEMOD
            """;

    @TempDir
    Path dir;

    @Test
    void shouldPassAVectorWhoseExpectationMatches() throws Exception {
        write("a", SINGLE_MASTER, SINGLE_MASTER_EXPECT);

        ConformanceSummary report = ClusterVectorRunner.runFolder(dir);

        assertThat(report.summary()).isEqualTo("1 passed, 0 failed");
    }

    @Test
    void shouldReportTheFirstDifferingLine() throws Exception {
        write("wrong", SINGLE_MASTER, SINGLE_MASTER_EXPECT.replace("error 0", "error 7").replace("focus 0", "focus 1"));

        ConformanceSummary report = ClusterVectorRunner.runFolder(dir);

        assertThat(report.summary()).isEqualTo("0 passed, 1 failed");
        assertThat(report.outcomes().get(0).failureLine())
                .isEqualTo("wrong: line 3: expected \"focus 1\", got \"focus 0\"");
    }

    @Test
    void shouldReportMissingAndExtraLines() throws Exception {
        write("short", SINGLE_MASTER, "result OK\nreturns CLUSTER\n");
        write("long", SINGLE_MASTER, SINGLE_MASTER_EXPECT + "item 1 -\n");

        ConformanceSummary report = ClusterVectorRunner.runFolder(dir);

        assertThat(report.outcomes()).extracting(VectorOutcome::failureLine).containsExactly(
                "long: line 8: expected \"item 1 -\", got end of output",
                "short: line 3: expected end of file, got \"focus 0\"");
    }

    @Test
    void shouldFailAMalformedVectorWithFileAndLineAndKeepGoing() throws Exception {
        write("bad", "mode resolve\nnmasters 1\n\nnode 0 MASTER 1 12x 0 0 INODE 0x1000 0 1024\n", SINGLE_MASTER_EXPECT);
        write("good", SINGLE_MASTER, SINGLE_MASTER_EXPECT);

        ConformanceSummary report = ClusterVectorRunner.runFolder(dir);

        assertThat(report.summary()).isEqualTo("1 passed, 1 failed");
        assertThat(report.outcomes().get(0).failureLine()).isEqualTo("bad: " + dir.resolve("bad.in")
                + ":4: MODIFY_TID '12x' is not a decimal number in 0..2^64-1");
    }

    @Test
    void shouldFailAVectorWithoutExpectation() throws Exception {
        Files.writeString(dir.resolve("lonely.in"), SINGLE_MASTER);

        ConformanceSummary report = ClusterVectorRunner.runFolder(dir);

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.outcomes().get(0).firstDifference()).contains("lonely.expect").contains("cannot read");
    }

    @Test
    void shouldTreatACarriageReturnInTheExpectationAsADifference() throws Exception {
        write("crlf", SINGLE_MASTER, SINGLE_MASTER_EXPECT.replace("\n", "\r\n"));

        ConformanceSummary report = ClusterVectorRunner.runFolder(dir);

        assertThat(report.outcomes().get(0).firstDifference()).startsWith("line 1: expected \"result OK\r\"");
    }

    @Test
    void shouldReportAnEmptyFolderAsNothingRun() throws Exception {
        assertThat(ClusterVectorRunner.runFolder(dir).summary()).isEqualTo("0 passed, 0 failed");
    }

    private void write(String name, String in, String expect) throws Exception {
        Files.writeString(dir.resolve(name + ".in"), in);
        Files.writeString(dir.resolve(name + ".expect"), expect);
    }
}
