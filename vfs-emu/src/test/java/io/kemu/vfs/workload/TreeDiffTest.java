package io.kemu.vfs.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.scan.mirror.NodeManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier behind every "mirror equals the emulated tree" check, given two trees that differ in
 * exactly one way at a time: each difference must be reported once, by name, and identical trees
 * must give nothing. Both trees start as the same small tree ({@link #populate}); each test then
 * changes one side.
 */
class TreeDiffTest {
    @TempDir
    Path dir;

    private Path expected;
    private Path actual;

    @BeforeEach
    void twoEqualTrees() throws IOException {
        expected = dir.resolve("expected");
        actual = dir.resolve("actual");
        populate(expected);
        populate(actual);
    }

    /** a file, a subdirectory with a file, a symlink, and the node manifest. */
    private static void populate(Path root) throws IOException {
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("a"), "alpha");
        Files.writeString(root.resolve("sub/b"), "bravo");
        Files.createSymbolicLink(root.resolve("link"), Path.of("sub/b"));
        Files.createDirectories(root.resolve(NodeManifest.DIRECTORY));
        Files.writeString(NodeManifest.fileUnder(root), "sub/b type=fifo\n");
        Files.setPosixFilePermissions(root.resolve("a"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(root.resolve("sub/b"), PosixFilePermissions.fromString("rw-r--r--"));
    }

    private List<String> diff() throws IOException {
        return TreeDiff.compare(expected, actual, Set.of(), 20);
    }

    @Test
    void shouldFindNoDifferenceBetweenEqualTrees() throws IOException {
        assertThat(diff()).isEmpty();
        assertThat(TreeDiff.compare(expected, expected, Set.of(), 20)).isEmpty();
    }

    @Test
    void shouldReportDifferentContentsOfTheSameSize() throws IOException {
        Files.writeString(actual.resolve("sub/b"), "brava");

        assertThat(diff()).containsExactly("sub/b: contents differ (5 vs 5 bytes)");
    }

    @Test
    void shouldReportDifferentContentsOfDifferentSizes() throws IOException {
        Files.writeString(actual.resolve("a"), "alphabet");

        assertThat(diff()).containsExactly("a: contents differ (5 vs 8 bytes)");
    }

    @Test
    void shouldReportAnEmptyFileAgainstAFullOne() throws IOException {
        Files.write(expected.resolve("a"), new byte[0]);

        assertThat(diff()).containsExactly("a: contents differ (0 vs 5 bytes)");
    }

    @Test
    void shouldReportDifferentPermissionBits() throws IOException {
        Files.setPosixFilePermissions(actual.resolve("a"), PosixFilePermissions.fromString("rwxr--r--"));

        assertThat(diff()).singleElement().asString().startsWith("a: permissions ");
    }

    @Test
    void shouldReportDifferentPermissionBitsOfADirectory() throws IOException {
        Files.setPosixFilePermissions(actual.resolve("sub"), PosixFilePermissions.fromString("rwx------"));

        assertThat(diff()).singleElement().asString().startsWith("sub: permissions ");
    }

    @Test
    void shouldReportAFileWhereADirectoryWas() throws IOException {
        Files.delete(actual.resolve("sub/b"));
        Files.delete(actual.resolve("sub"));
        Files.writeString(actual.resolve("sub"), "bravo");

        assertThat(diff()).containsExactly("sub: directory vs file");
    }

    @Test
    void shouldReportASymlinkWhereAFileWas() throws IOException {
        Files.delete(actual.resolve("a"));
        Files.createSymbolicLink(actual.resolve("a"), Path.of("sub/b"));

        assertThat(diff()).containsExactly("a: file vs symlink");
    }

    @Test
    void shouldReportASymlinkToADirectoryWhereADirectoryWasWithoutFollowingIt() throws IOException {
        Files.createDirectories(actual.resolve("elsewhere"));
        Files.createDirectories(expected.resolve("elsewhere"));
        Files.delete(actual.resolve("sub/b"));
        Files.move(actual.resolve("sub"), actual.resolve("elsewhere/sub"));
        Files.writeString(actual.resolve("elsewhere/sub/b"), "bravo");
        Files.createSymbolicLink(actual.resolve("sub"), Path.of("elsewhere/sub"));
        Files.setPosixFilePermissions(actual.resolve("elsewhere/sub/b"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(diff()).contains("sub: directory vs symlink", "only in actual: elsewhere/sub");
    }

    @Test
    void shouldReportADifferentSymlinkTarget() throws IOException {
        Files.delete(actual.resolve("link"));
        Files.createSymbolicLink(actual.resolve("link"), Path.of("sub/c"));

        assertThat(diff()).containsExactly("link: symlink to sub/b vs sub/c");
    }

    @Test
    void shouldNotFollowSymlinksThatAgree() throws IOException {
        Files.delete(expected.resolve("link"));
        Files.delete(actual.resolve("link"));
        Files.createSymbolicLink(expected.resolve("link"), dir.resolve("outside-one"));
        Files.createSymbolicLink(actual.resolve("link"), dir.resolve("outside-one"));
        Files.writeString(dir.resolve("outside-one"), "whatever");

        assertThat(diff()).isEmpty();
    }

    @Test
    void shouldReportADifferentHardLinkCount() throws IOException {
        Files.createLink(dir.resolve("second-name-of-a"), actual.resolve("a"));

        assertThat(diff()).containsExactly("a: 1 vs 2 hard links");
    }

    @Test
    void shouldReportAMissingEntry() throws IOException {
        Files.delete(actual.resolve("a"));

        assertThat(diff()).containsExactly("only in expected: a");
    }

    @Test
    void shouldReportAnExtraEntryInASubdirectory() throws IOException {
        Files.writeString(actual.resolve("sub/extra"), "x");

        assertThat(diff()).containsExactly("only in actual: sub/extra");
    }

    @Test
    void shouldReportAMissingDirectoryOnceNotItsContents() throws IOException {
        Files.delete(expected.resolve("sub/b"));
        Files.delete(expected.resolve("sub"));
        Files.delete(expected.resolve("link"));

        assertThat(diff()).containsExactly("only in actual: link", "only in actual: sub");
    }

    @Test
    void shouldReportADifferentManifestLine() throws IOException {
        Files.writeString(NodeManifest.fileUnder(actual), "sub/b type=sock\n");

        assertThat(diff()).containsExactly(".kemu/nodes: contents differ (16 vs 16 bytes)");
    }

    @Test
    void shouldReportAMissingManifest() throws IOException {
        Files.delete(NodeManifest.fileUnder(actual));
        Files.delete(actual.resolve(NodeManifest.DIRECTORY));

        assertThat(diff()).containsExactly("only in expected: .kemu");
    }

    @Test
    void shouldSkipIgnoredNamesAtAnyDepthOnly() throws IOException {
        Files.writeString(actual.resolve("sub/scratch"), "x");
        Files.writeString(expected.resolve("scratch"), "y");
        Files.writeString(actual.resolve("sub/b"), "other");

        assertThat(TreeDiff.compare(expected, actual, Set.of("scratch"), 20))
                .containsExactly("sub/b: contents differ (5 vs 5 bytes)");
        assertThat(TreeDiff.compare(expected, actual, Set.of("scratch", "b"), 20)).isEmpty();
    }

    @Test
    void shouldStopAtTheLimit() throws IOException {
        for (int i = 0; i < 5; i++) {
            Files.writeString(actual.resolve("extra" + i), "x");
        }
        Files.writeString(actual.resolve("a"), "changed");

        assertThat(TreeDiff.compare(expected, actual, Set.of(), 3)).hasSize(3);
        assertThat(TreeDiff.compare(expected, actual, Set.of(), 1)).containsExactly("only in actual: extra0");
        assertThat(TreeDiff.compare(expected, actual, Set.of(), 20)).hasSize(6)
                .contains("a: contents differ (5 vs 7 bytes)");
    }

    @Test
    void shouldReportEveryDifferenceOfOneEntryTogether() throws IOException {
        Files.writeString(actual.resolve("a"), "omega");
        Files.setPosixFilePermissions(actual.resolve("a"), PosixFilePermissions.fromString("rw-------"));
        Files.createLink(dir.resolve("second-name-of-a"), actual.resolve("a"));

        assertThat(diff()).hasSize(3).anyMatch(d -> d.startsWith("a: permissions"))
                .contains("a: 1 vs 2 hard links", "a: contents differ (5 vs 5 bytes)");
    }
}
