package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ScanProblem;
import io.kemu.vfs.workload.JournalRecorder;
import io.kemu.vfs.workload.TreeDiff;
import io.kemu.vfs.workload.TreeExporter;
import io.kemu.vfs.workload.WorkloadGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Undo of a reversible journal recorded from the unrestricted workload (hard links, putpages,
 * truncation, extended attributes and whiteouts included, which UNDO sections cannot always restore):
 * either the mirror ends exactly as the tree was at the transid undone to, or the report has problems
 * (so the command exits non-zero) that name, in quotes, every entry that differs, under its name at
 * that transid. A clean report over a tree that differs would be a lie; a report that leaves out an
 * entry that differs would be half of one. The seeds include one (base + 30) whose undo lost a
 * whiteout a create had replaced and the attributes of a removed file, while reporting nothing.
 */
class UndoExactnessTest {
    private static final long BASE_SEED = 0x756E646FL;
    private static final int SEEDS = 40;
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
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
                Set<String> named = namedEntries(undo);
                assertThat(diff).as("%s: every entry that differs is named by a problem %s", what, undo.problems())
                        .allSatisfy(d -> assertThat(named).contains(entryOf(d)));
            }
        }
        System.out.printf("UndoExactnessTest: %d of %d undos exact, the others reported%n", exact, SEEDS);
    }

    /** The entries the problems name in quotes. */
    private static Set<String> namedEntries(MirrorReport report) {
        Set<String> named = new HashSet<>();
        for (ScanProblem p : report.problems()) {
            Matcher m = QUOTED.matcher(p.message());
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        return named;
    }

    /** The entry a {@link TreeDiff} line is about. */
    private static String entryOf(String difference) {
        return difference.startsWith("only in ") ? difference.substring(difference.indexOf(": ") + 2)
                : difference.substring(0, difference.indexOf(": "));
    }
}
