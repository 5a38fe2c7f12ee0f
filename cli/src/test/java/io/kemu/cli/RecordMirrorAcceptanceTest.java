package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.vfs.workload.TreeDiff;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance sequence of the mirror issue, through the real commands: {@code kemu record --ops 5000
 * --seed 7 --journal j.bin --tree t}, then {@code kemu jscan mirror --root m j.bin} into a root that
 * does not exist yet, with {@code --allow-outward-symlinks}: the workload's tree holds symlinks that
 * lead out of the root (renamed closer to it, or chained), which a mirror refuses by default. The
 * mirror must exit 0, the two trees must not differ at all (the same test
 * {@code diff -r t m} makes, and more: types, modes, link counts, the node manifest), and the mirror's
 * restart state must live beside {@code m}, not in it.
 */
class RecordMirrorAcceptanceTest {
    @TempDir
    Path dir;

    @Test
    void shouldMirrorTheRecordedJournalOfSeedSevenIntoExactlyTheExportedTree() throws Exception {
        final Path journal = dir.resolve("j.bin");
        final Path tree = dir.resolve("t");
        final Path mirror = dir.resolve("m");
        final PrintStream saved = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream()));
        try {
            assertThat(KemuCommand.newCommandLine().execute("record", "--ops", "5000", "--seed", "7",
                    "--journal", journal.toString(), "--tree", tree.toString())).isZero();
        } finally {
            System.setOut(saved);
        }
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final var cl = KemuCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        final int status = cl.execute("jscan", "mirror", "--allow-outward-symlinks", "--root", mirror.toString(),
                journal.toString());

        assertThat(status).as("mirror exit status; stderr:%n%s", err).isZero();
        assertThat(out.toString()).contains(" 0 rejected; 0 problems");
        final List<String> differences = TreeDiff.compare(tree, mirror, Set.of(), 20);
        assertThat(differences).as("differences between the exported tree and the mirror").isEmpty();
        assertThat(stateLikeNames(mirror)).isEmpty();
        assertThat(stateLikeNames(tree)).isEmpty();
        assertThat(dir.resolve(".m.kemu-state/transid")).isRegularFile();
    }

    /** Names anywhere in {@code root} that look like restart state (symlinks are not followed). */
    private static List<String> stateLikeNames(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> root.relativize(p).toString())
                    .filter(rel -> rel.contains("kemu-state") || rel.endsWith("transid") || rel.endsWith("rejected")
                            || rel.endsWith(".tmp"))
                    .toList();
        }
    }
}
