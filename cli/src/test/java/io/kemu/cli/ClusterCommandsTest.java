package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClusterCommandsTest {
    private static final String VECTOR_IN = """
            mode resolve
            nmasters 3
            node 0 MASTER 1 100 0 0 INODE 0x1000 0 1024
            node 1 MASTER 1 100 0 0 INODE 0x1000 0 1024
            node 2 MASTER 1 90 0 0 INODE 0x1000 0 1024
            """;
    private static final String VECTOR_EXPECT = """
            result OK
            returns CLUSTER
            focus 0
            error 0
            ddflag 0
            flags NOSOFT RDHARD SSYNCED UNHARD WRHARD
            item 0 FEMOD
            item 1 FEMOD
            item 2 -
            """;

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

    @Test
    void shouldPassMatchingVectorsAndExitZero() throws Exception {
        Files.writeString(dir.resolve("r.in"), VECTOR_IN);
        Files.writeString(dir.resolve("r.expect"), VECTOR_EXPECT);

        Run run = run("conformance", "cluster", dir.toString());

        assertThat(run.out()).isEqualTo("1 passed, 0 failed\n");
        assertThat(run.exit()).isZero();
    }

    @Test
    void shouldListFailingAndMalformedVectorsAndExitOne() throws Exception {
        Files.writeString(dir.resolve("a_good.in"), VECTOR_IN);
        Files.writeString(dir.resolve("a_good.expect"), VECTOR_EXPECT);
        Files.writeString(dir.resolve("b_wrong.in"), VECTOR_IN);
        Files.writeString(dir.resolve("b_wrong.expect"), VECTOR_EXPECT.replace("item 2 -", "item 2 FEMOD"));
        Files.writeString(dir.resolve("c_bad.in"), VECTOR_IN.replace("node 2 MASTER", "node 2 MASTERS"));
        Files.writeString(dir.resolve("c_bad.expect"), VECTOR_EXPECT);

        Run run = run("conformance", "cluster", dir.toString());

        assertThat(run.out().split("\n")).containsExactly(
                "b_wrong: line 9: expected \"item 2 FEMOD\", got \"item 2 -\"",
                "c_bad: " + dir.resolve("c_bad.in") + ":5: TYPE 'MASTERS' is not one of "
                        + "[NONE, CACHE, SLAVE, SOFT_SLAVE, SOFT_MASTER, MASTER, SUPROOT, DUMMY]",
                "1 passed, 2 failed");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAFolderThatDoesNotExist() {
        Run run = run("conformance", "cluster", dir.resolve("missing").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is not a directory");
    }

    @Test
    void shouldRunASmallSimulationAndReportTheCheck() {
        Run run = run("cluster", "--nodes", "3", "--masters", "3", "--ops", "120", "--keys", "8", "--seed", "7",
                "--crash", "0.05", "--slow", "0", "--partition", "0", "--fault-ops", "10");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("cluster: 3 nodes (3 masters, 0 slaves), 120 operations on 8 keys, seed 7\n")
                .contains("check: 8 keys read back after healing, 0 unreadable, 0 inconsistencies: "
                        + "every acknowledged write is readable with its tid");
    }

    @Test
    void shouldRejectImpossibleClusterShapes() {
        Run run = run("cluster", "--nodes", "3", "--masters", "4");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--masters must be 1..3, not 4");
    }
}
