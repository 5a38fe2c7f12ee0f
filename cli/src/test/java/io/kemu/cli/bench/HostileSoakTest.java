package io.kemu.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.cli.KemuCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kemu bench hostile}'s own checks: the escape detector given roots that do and do not leak,
 * the spread of cases over lanes, and a short run end to end that leaves nothing behind.
 */
class HostileSoakTest {
    @TempDir
    Path tmp;

    private Path root() throws IOException {
        final Path root = Files.createDirectories(tmp.resolve("sandbox/root"));
        Files.createDirectories(root.resolve("d/e"));
        Files.writeString(root.resolve("d/f"), "x");
        return root;
    }

    @Test
    void shouldFindNoEscapeInARootWhoseSymlinksStayInside() throws IOException {
        final Path root = root();
        Files.createSymbolicLink(root.resolve("d/in"), Path.of("e"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("d/e/.."));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("d/nothing"));
        Files.createDirectories(tmp.resolve("sandbox/.root.kemu-state"));

        assertThat(HostileStreams.escapes(root.getParent(), root)).isEmpty();
    }

    @Test
    void shouldFindASymlinkOutOfTheRootLexicallyOrThroughAChain() throws IOException {
        final Path root = root();
        Files.createSymbolicLink(root.resolve("d/out"), Path.of("../../x"));
        Files.createSymbolicLink(root.resolve("d/l"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("chain"), Path.of("d/l/.."));
        Files.createSymbolicLink(root.resolve("abs"), tmp);

        assertThat(HostileStreams.escapes(root.getParent(), root))
                .anyMatch(e -> e.contains("d/out"))
                .anyMatch(e -> e.contains("abs"))
                .anyMatch(e -> e.contains("chain"))
                .noneMatch(e -> e.contains("d/l ->"));
    }

    @Test
    void shouldFindAFileBesideTheRootButNotItsState() throws IOException {
        final Path root = root();
        Files.createDirectories(tmp.resolve("sandbox/.root.kemu-state"));
        Files.writeString(tmp.resolve("sandbox/stray"), "");

        assertThat(HostileStreams.escapes(root.getParent(), root)).singleElement().asString().contains("stray");
    }

    @Test
    void shouldGiveEveryLaneBothKindsOfCaseWhateverTheNumberOfLanes() {
        for (int jobs = 1; jobs <= 6; jobs++) {
            final Set<Integer> peerLanes = new HashSet<>();
            final Set<Integer> streamLanes = new HashSet<>();
            for (long n = 0; n < 1000; n++) {
                final int lane = HostileSoak.laneOf(n, jobs);
                assertThat(lane).isBetween(0, jobs - 1);
                (HostileSoak.isPeerCase(n) ? peerLanes : streamLanes).add(lane);
            }
            assertThat(peerLanes).as("lanes with peer cases of %d", jobs).hasSize(jobs);
            assertThat(streamLanes).as("lanes with stream cases of %d", jobs).hasSize(jobs);
        }
        assertThat(HostileSoak.caseSeed(1, 0)).isNotEqualTo(HostileSoak.caseSeed(1, 1)).isNotEqualTo(HostileSoak.caseSeed(2, 0));
    }

    @Test
    void shouldRunAShortSoakOnSeveralLanesAndLeaveNothingBehind() throws IOException {
        final StringWriter out = new StringWriter();
        final CommandLine cli = KemuCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        final int status = cli.execute("bench", "hostile", "--cases", "40", "--ops", "60", "--seed", "3", "--jobs", "3",
                "--work-dir", tmp.toString());

        assertThat(status).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("kemu bench hostile: 40 cases (seed 3, 3 jobs)")
                .contains("streams: 36 mutated")
                .contains("peers:   4 hostile peers")
                .contains("crashes 0, hangs 0, escapes 0, acked-but-unstored 0, other failures 0")
                .doesNotContain("FAILED");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }
}
