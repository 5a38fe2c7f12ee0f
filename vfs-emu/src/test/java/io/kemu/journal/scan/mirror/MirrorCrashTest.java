package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanner;
import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.ResumePoint;
import io.kemu.journal.scan.ScanOptions;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.Transaction;
import io.kemu.vfs.workload.JournalRecorder;
import io.kemu.vfs.workload.TreeDiff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mirror stopped anywhere and run again on the whole stream ends exactly as one uninterrupted run:
 * stopped at a record boundary (the input was cut), or inside the application of a transaction, before
 * any single file-system mutation or state write (a kill -9). The stream is a recorded workload with
 * every VOP type, so renames, hard links, special nodes, whiteouts and extended attributes (all of
 * which change the node manifest) are among the interrupted operations. The resumed run must report
 * no problem, and its tree, node manifest included, must equal the reference mirror's.
 */
class MirrorCrashTest {
    private static final long SEED = 0x6B696C6CL;
    private static final int OPS = 100;
    /** At most this many stop points are tried per test (evenly spread over all of them). */
    private static final int TRIALS = 30;
    private static final MirrorOptions OPTIONS = MirrorOptions.DEFAULT.withAllowOutwardSymlinks(true)
            .withApplyOwnership(false);

    /** Thrown by the probe: the mirror stops there, with nothing after it written, as after a kill. */
    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed(String what) {
            super("killed before " + what, null, false, false);
        }
    }

    @TempDir
    Path dir;
    byte[] stream;
    Path reference;
    List<String> referenceWarnings;

    @BeforeEach
    void setUp() throws Exception {
        ByteArrayOutputStream journal = new ByteArrayOutputStream();
        JournalRecorder.record(new JournalRecorder.Options(SEED, OPS, true, false, 0), journal, dir.resolve("tree"));
        stream = journal.toByteArray();
        reference = dir.resolve("reference");
        MirrorReport r = Mirror.apply(List.of(ByteBuffer.wrap(stream)), reference, OPTIONS);
        assertThat(r.problems()).as("seed %d: the reference mirror", SEED).isEmpty();
        referenceWarnings = r.warnings();
        assertThat(TreeDiff.compare(dir.resolve("tree"), reference, Set.of(), 10)).isEmpty();
    }

    /** What each probe point of an uninterrupted run is before ("rename", "manifest", "state", ...). */
    private List<String> probePoints() throws Exception {
        List<String> points = new ArrayList<>();
        try (Mirror m = Mirror.open(dir.resolve("count"), OPTIONS, 0, points::add)) {
            m.feed(ByteBuffer.wrap(stream));
            m.finish();
        }
        return points;
    }

    private void assertResumedRunEqualsTheReference(Path root, String what) throws Exception {
        MirrorReport resumed = Mirror.apply(List.of(ByteBuffer.wrap(stream)), root, OPTIONS);
        assertThat(resumed.problems()).as("seed %d, %s: problems of the resumed run", SEED, what).isEmpty();
        assertThat(referenceWarnings).as("seed %d, %s: warnings of the resumed run", SEED, what)
                .containsAll(resumed.warnings());
        assertThat(TreeDiff.compare(reference, root, Set.of(), 10)).as("seed %d, %s", SEED, what).isEmpty();
    }

    @Test
    void shouldEndAsOneUninterruptedRunAfterAKillBeforeAnyMutationOrStateWrite() throws Exception {
        List<String> points = probePoints();
        assertThat(points.size()).isGreaterThan(OPS);
        assertThat(points).contains("rename", "manifest", "link", "unlink", "mkdir", "rmdir", "symlink", "write");
        int step = Math.max(1, points.size() / TRIALS);
        java.util.SortedSet<Integer> kills = new java.util.TreeSet<>();
        for (int i = 0; i < points.size(); i++) {
            boolean afterManifest = i > 0 && points.get(i - 1).equals("manifest");
            if (i % step == 0 || afterManifest || points.get(i).equals("manifest") || points.get(i).equals("rename")) {
                kills.add(i);
            }
        }
        for (int kill : kills) {
            Path root = dir.resolve("killed-" + kill);
            int[] seen = {0};
            String[] killedAt = {null};
            final int at = kill;
            Mirror m = Mirror.open(root, OPTIONS, 0, what -> {
                if (seen[0]++ == at) {
                    killedAt[0] = what;
                    throw new Killed(what);
                }
            });
            try {
                m.feed(ByteBuffer.wrap(stream));
                m.finish();
                m.close();
            } catch (Killed expected) {
                // the mirror object is abandoned, unclosed, as a killed process leaves it
            }
            assertThat(killedAt[0]).as("probe point %d reached", kill).isNotNull();
            assertResumedRunEqualsTheReference(root, "killed at probe point " + kill + " (before " + killedAt[0] + ")");
        }
    }

    @Test
    void shouldEndAsOneUninterruptedRunAfterTheInputWasCutAtARecordBoundary() throws Exception {
        List<Long> boundaries = new ArrayList<>();
        JournalScanner scanner = new JournalScanner(new JournalScanner.Listener() {
            @Override
            public void onTransaction(Transaction transaction) {
            }

            @Override
            public void onProblem(ScanProblem problem) {
            }

            @Override
            public void onRecord(RawRecord record) {
                boundaries.add(record.offset());
            }
        }, new ScanOptions(OPTIONS.limits(), true), ResumePoint.START);
        scanner.feed(stream, 0, stream.length);
        int step = Math.max(1, boundaries.size() / TRIALS);
        for (int i = 1; i < boundaries.size(); i += step) {
            int cut = (int) (long) boundaries.get(i);
            Path root = dir.resolve("cut-" + cut);
            MirrorReport prefix = Mirror.apply(List.of(ByteBuffer.wrap(stream, 0, cut)), root, OPTIONS);
            assertThat(prefix.problems().stream().filter(p -> p.kind() != io.kemu.journal.scan.ProblemKind.INCOMPLETE))
                    .as("cut at %d", cut).isEmpty();
            assertResumedRunEqualsTheReference(root, "cut at offset " + cut);
        }
    }
}
