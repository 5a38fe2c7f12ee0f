package io.kemu.journal.scan.mirror;

import io.kemu.vfs.workload.JournalRecorder;
import io.kemu.vfs.workload.TreeDiff;
import io.kemu.vfs.workload.TreeExporter;
import io.kemu.vfs.workload.WorkloadGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Undo of a reversible journal recorded from the unrestricted workload (hard links, putpages,
 * truncation, extended attributes and whiteouts included, which UNDO sections cannot always restore):
 * either the mirror ends exactly as the tree was at the transid undone to, or the report has problems
 * (so the command exits non-zero). A clean report over a tree that differs would be a lie.
 */
class UndoExactnessTest {
    private static final long BASE_SEED = 0x756E646FL;
    private static final int SEEDS = 8;
    private static final MirrorOptions OPTIONS = MirrorOptions.DEFAULT.withAllowOutwardSymlinks(true)
            .withApplyOwnership(false);

    @TempDir
    Path dir;

    @Test
    void shouldNeverReportACleanUndoThatDiffersFromTheTreeAtThatTransid() throws Exception {
        int exact = 0;
        for (int i = 0; i < SEEDS; i++) {
            long seed = BASE_SEED + i;
            SplittableRandom r = new SplittableRandom(seed);
            int ops = 150 + r.nextInt(150);
            int cut = r.nextInt(ops + 1);
            String what = String.format("seed %d, %d ops, undone to after op %d", seed, ops, cut);
            Path snapshot = dir.resolve("snapshot" + seed);
            Path root = dir.resolve("m" + seed);
            Path stream = dir.resolve("journal" + seed);
            ByteArrayOutputStream journal = new ByteArrayOutputStream();
            JournalRecorder.Session session = JournalRecorder.Session.start(
                    new JournalRecorder.Options(seed, ops, true, false, 0), new WorkloadGenerator(seed, false), journal);
            for (int k = 0; k < cut; k++) {
                session.step();
            }
            long boundary = session.lastTransid();
            TreeExporter.export(session.mount(), snapshot);
            for (int k = cut; k < ops; k++) {
                session.step();
            }
            session.finish();
            Files.write(stream, journal.toByteArray());

            MirrorReport forward = Mirror.apply(stream, root, OPTIONS);
            assertThat(forward.problems()).as(what).isEmpty();
            MirrorReport undo = Undo.apply(stream, root, boundary, OPTIONS);
            List<String> diff = TreeDiff.compare(snapshot, root, Set.of(), 20);
            if (diff.isEmpty()) {
                exact++;
            } else {
                assertThat(undo.clean()).as("%s: the undone mirror differs from the tree at that transid (%s), yet the"
                        + " report is clean: %s", what, diff, undo.summary()).isFalse();
            }
        }
        System.out.printf("UndoExactnessTest: %d of %d undos exact, the others reported%n", exact, SEEDS);
    }
}
