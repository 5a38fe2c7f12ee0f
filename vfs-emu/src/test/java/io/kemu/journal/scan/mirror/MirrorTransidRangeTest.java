package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.TreeSnapshot;
import io.kemu.journal.scan.testing.Vops;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Mirror and undo treat transids as unsigned 64-bit numbers, across 2^63 and past the journal's end. */
class MirrorTransidRangeTest {
    @TempDir
    Path dir;
    Path root;
    Path stream;

    @BeforeEach
    void setUp() throws Exception {
        root = dir.resolve("mirror");
        stream = dir.resolve("journal.stream");
    }

    private long[] journal(long firstTransid, String... dirs) throws Exception {
        StreamWriter w = new StreamWriter(firstTransid);
        long[] transids = new long[dirs.length];
        for (int i = 0; i < dirs.length; i++) {
            transids[i] = w.single(Vops.mkdir(dirs[i], 0755));
        }
        Files.write(stream, w.toBytes());
        return transids;
    }

    @Test
    void shouldUndoNothingAndSayWhyForATransidPastTheEndEvenAboveTwoToTheSixtyThree() throws Exception {
        long[] t = journal(0x1a556e40000f4240L, "a", "b", "c");
        assertThat(Mirror.apply(stream, root, MirrorOptions.DEFAULT).problems()).isEmpty();
        Map<String, String> before = TreeSnapshot.of(root);
        for (long to : new long[] {t[2], t[2] + 1, 0x7fffffffffffffffL, 0x8000000000000000L, -1L}) {
            MirrorReport r = Undo.apply(stream, root, to, MirrorOptions.DEFAULT);
            assertThat(r.undone()).as(Long.toHexString(to)).isZero();
            assertThat(r.problems()).isEmpty();
            assertThat(r.warnings()).as(Long.toHexString(to)).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("nothing to undo: 0x" + io.kemu.journal.scan.Transids.hex16(to)
                            + " is at or past the end of the journal");
            assertThat(TreeSnapshot.of(root)).isEqualTo(before);
            assertThat(r.completedThrough()).isEqualTo(t[2]);
        }
    }

    @Test
    void shouldMirrorAndUndoAcrossTwoToTheSixtyThree() throws Exception {
        long[] t = journal(0x7ffffffffffffffcL, "a", "b", "c", "d");
        assertThat(t[2]).isEqualTo(0x8000000000000000L);
        MirrorReport forward = Mirror.apply(stream, root, MirrorOptions.DEFAULT);
        assertThat(forward.problems()).isEmpty();
        assertThat(forward.applied()).isEqualTo(4);
        assertThat(forward.completedThrough()).isEqualTo(t[3]);
        assertThat(root.resolve("d")).isDirectory();

        MirrorReport undo = Undo.apply(stream, root, t[1], MirrorOptions.DEFAULT);
        assertThat(undo.problems()).isEmpty();
        assertThat(undo.undone()).isEqualTo(2);
        assertThat(root.resolve("b")).isDirectory();
        assertThat(root.resolve("c")).doesNotExist();
        assertThat(root.resolve("d")).doesNotExist();

        MirrorReport again = Mirror.apply(stream, root, MirrorOptions.DEFAULT);
        assertThat(again.applied()).isEqualTo(2);
        assertThat(root.resolve("d")).isDirectory();
    }
}
