package io.kemu.vfs.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.scan.mirror.Mirror;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.scan.mirror.MirrorReport;
import io.kemu.journal.scan.mirror.Undo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.kemu.testing.Seeds;

/**
 * Seeded round trips between the two halves of kemu: the emulated filesystem with its journal
 * ({@link JournalRecorder}, {@link TreeExporter}) and the journal scanner's mirror and undo. The
 * journal is the only thing passed between them, so a tree mirrored from it must equal the tree the
 * emulated filesystem ended with: names, types, bytes, modes, symlink targets, link counts and the
 * node manifest ({@link TreeDiff}). Every failure names its seed.
 */
class JournalMirrorPropertyTest {
    private static final long BASE_SEED = Seeds.of("JournalMirrorPropertyTest", 0x6D6972726F72L);
    private static final int FORWARD_SEEDS = 8;
    private static final int UNDO_SEEDS = 10;
    /**
     * The generator's trees hold symlinks that lead out of the root once a rename moves them closer
     * to it, and targets with '..' after a name, which a mirror refuses unless told otherwise.
     */
    private static final MirrorOptions OPTIONS = MirrorOptions.FAITHFUL;

    @TempDir
    Path dir;

    private static MirrorReport mirror(byte[] journal, Path root, SplittableRandom r) throws Exception {
        final List<ByteBuffer> chunks = new ArrayList<>();
        for (int i = 0; i < journal.length; ) {
            final int n = Math.min(journal.length - i, 1 + r.nextInt(r.nextBoolean() ? 64 : 64 << 10));
            chunks.add(ByteBuffer.wrap(journal, i, n));
            i += n;
        }
        return Mirror.apply(chunks, root, OPTIONS);
    }

    private static List<String> diff(Path expected, Path actual) throws IOException {
        return TreeDiff.compare(expected, actual, Set.of(), 10);
    }

    @Test
    void shouldMirrorTheJournalOfEveryWorkloadIntoExactlyTheExportedTree() throws Exception {
        for (int i = 0; i < FORWARD_SEEDS; i++) {
            final long seed = BASE_SEED + i;
            final SplittableRandom r = new SplittableRandom(seed);
            for (int mode = 0; mode < 4; mode++) {
                final boolean portable = (mode & 1) != 0;
                final boolean reversible = (mode & 2) != 0;
                final String what = String.format("seed %d portable %b reversible %b", seed, portable, reversible);
                final int ops = 200 + r.nextInt(300);
                final Path tree = dir.resolve("t" + seed + "-" + mode);
                final Path root = dir.resolve("m" + seed + "-" + mode);
                final ByteArrayOutputStream journal = new ByteArrayOutputStream();
                JournalRecorder.record(new JournalRecorder.Options(seed, ops, reversible, portable, 0), journal, tree);

                final MirrorReport report = mirror(journal.toByteArray(), root, r);

                assertThat(report.problems()).as(what).isEmpty();
                assertThat(report.rejected()).as(what).isZero();
                assertThat(diff(tree, root)).as(what).isEmpty();
            }
        }
    }

    /**
     * Records a reversible journal step by step, exports the tree at a random point and remembers the
     * transid there, then mirrors the whole journal and undoes it back to that transid: the mirror
     * must be the tree as it was, and mirroring forward again must give the final tree back.
     */
    @Test
    void shouldUndoAReversibleJournalToTheTreeItHadAtAnEarlierTransid() throws Exception {
        for (int i = 0; i < UNDO_SEEDS; i++) {
            final long seed = BASE_SEED + 1000 + i;
            final SplittableRandom r = new SplittableRandom(seed);
            final boolean portable = i % 2 == 1;
            final int ops = 200 + r.nextInt(300);
            final int cut = r.nextInt(ops + 1);
            final String what = String.format("seed %d portable %b, %d ops, undone to after op %d", seed, portable, ops,
                    cut);
            final Path snapshot = dir.resolve("snapshot" + seed);
            final Path finalTree = dir.resolve("final" + seed);
            final Path root = dir.resolve("m" + seed);
            final Path stream = dir.resolve("journal" + seed);

            final ByteArrayOutputStream journal = new ByteArrayOutputStream();
            final JournalRecorder.Session session = JournalRecorder.Session.start(
                    new JournalRecorder.Options(seed, ops, true, portable, 0),
                    new WorkloadGenerator(seed, portable, true), journal);
            for (int k = 0; k < cut; k++) {
                session.step();
            }
            final long boundary = session.lastTransid();
            TreeExporter.export(session.mount(), snapshot);
            for (int k = cut; k < ops; k++) {
                session.step();
            }
            session.finish();
            TreeExporter.export(session.mount(), finalTree);
            Files.write(stream, journal.toByteArray());

            final MirrorReport forward = Mirror.apply(stream, root, OPTIONS);
            assertThat(forward.problems()).as(what).isEmpty();
            assertThat(diff(finalTree, root)).as("forward, " + what).isEmpty();

            final MirrorReport undo = Undo.apply(stream, root, boundary, OPTIONS);
            assertThat(undo.problems()).as(what).isEmpty();
            assertThat(undo.completedThrough()).as(what).isLessThanOrEqualTo(boundary);
            assertThat(diff(snapshot, root)).as("undone, " + what).isEmpty();

            final MirrorReport again = Mirror.apply(stream, root, OPTIONS);
            assertThat(again.problems()).as(what).isEmpty();
            assertThat(diff(finalTree, root)).as("forward again, " + what).isEmpty();
        }
    }
}
