package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ResumePoint;
import io.kemu.journal.scan.op.VType;
import io.kemu.journal.scan.testing.TreeSnapshot;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Undo of every VOP type from the UNDO sections of a reversible journal. */
class MirrorUndoTest extends MirrorJournalTestBase {
    private MirrorReport mirror() throws Exception {
        MirrorReport r = applyJournal();
        assertThat(r.problems()).isEmpty();
        return r;
    }

    private MirrorReport undo(long to) throws Exception {
        return Undo.apply(stream, root, to, MirrorOptions.DEFAULT);
    }

    private String perms(String rel) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(rel), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void shouldRestoreOverwrittenDataAndTheOldSize() throws Exception {
        long t = append(Vops.create("f", 0644), Vops.write("f", 0, Vops.writeUndo(0, 0, 0, new byte[0]), utf8("abc")));
        append(Vops.write("f", 1, Vops.writeUndo(3, 1_000_000_000L, 1, utf8("bc")), utf8("XYZW")));
        mirror();
        assertThat(root.resolve("f")).hasContent("aXYZW");
        MirrorReport r = undo(t);
        assertThat(r.problems()).isEmpty();
        assertThat(r.undone()).isEqualTo(1);
        assertThat(root.resolve("f")).hasContent("abc");
        assertThat(Files.getLastModifiedTime(root.resolve("f")).toMillis()).isEqualTo(1_000_000_000_000L);
        assertThat(MirrorState.load(dir.resolve(".mirror.kemu-state"), false).resumePoint())
                .isEqualTo(new ResumePoint(t, java.util.List.of()));
    }

    @Test
    void shouldRestoreAttributesChangedBySetattrButNotDataTheUndoDoesNotHold() throws Exception {
        long t = append(Vops.create("f", 0644), Vops.write("f", 0, null, utf8("0123456789")));
        append(Vops.setattr("f", w -> w.u32(RecordType.MODES, 0700).u64(RecordType.SIZE, 2).u32(RecordType.FLAGS, 4),
                w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VREG).u64(RecordType.SIZE, 10)
                        .u32(RecordType.MODES, 0644).u32(RecordType.FLAGS, 0).pop()));
        mirror();
        assertThat(manifest()).isEqualTo("f flags=0x4\n");
        undo(t);
        assertThat(Files.readAllBytes(root.resolve("f"))).containsExactly('0', '1', 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(perms("f")).isEqualTo("rw-r--r--");
        assertThat(manifest()).isEmpty();
    }

    @Test
    void shouldWriteBackDataASetattrUndoHolds() throws Exception {
        long t = append(Vops.create("f", 0644), Vops.write("f", 0, null, utf8("0123")));
        append(Vops.setattr("f", w -> w.u64(RecordType.SIZE, 0),
                w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VREG).u64(RecordType.SIZE, 4).pop()
                        .u64(RecordType.SEEKPOS, 0).leaf(RecordType.FILEDATA, utf8("0123"))));
        mirror();
        assertThat(root.resolve("f")).isEmptyFile();
        undo(t);
        assertThat(root.resolve("f")).hasContent("0123");
    }

    @Test
    void shouldRemoveWhatCreateMknodLinkSymlinkAndMkdirMade() throws Exception {
        long t = append(Vops.create("f", 0644));
        append(Vops.create("g", 0644), Vops.mknod("c", VType.VCHR, 0600, 5, 0, 5), Vops.link("h", "f"),
                Vops.symlink("l", "f"), Vops.mkdir("d", 0755));
        mirror();
        MirrorReport r = undo(t);
        assertThat(r.problems()).isEmpty();
        assertThat(r.undone()).isEqualTo(5);
        assertThat(TreeSnapshot.of(root).keySet()).containsExactly("", "f");
        assertThat(manifest()).isEmpty();
    }

    @Test
    void shouldRecreateRemovedFilesSymlinksAndDevicesFromUndo() throws Exception {
        long t = append(Vops.create("f", 0640), Vops.write("f", 0, null, utf8("data")), Vops.symlink("l", "f"),
                Vops.mknod("c", VType.VCHR, 0620, 0x0405, 4, 5), Vops.whiteout("w"));
        append(Vops.remove("f", Vops.fileUndo(0640, utf8("data"))), Vops.remove("l", Vops.symlinkUndo("f")),
                Vops.remove("c", Vops.specialUndo(VType.VCHR, 0620, 0x0405, 4, 5)), Vops.whiteout("w"));
        mirror();
        assertThat(root.resolve("f")).doesNotExist();
        assertThat(manifest()).isEmpty();
        MirrorReport r = undo(t);
        assertThat(r.problems()).isEmpty();
        assertThat(TreeSnapshot.of(root)).containsEntry("f", "file rw-r----- 64617461").containsEntry("l", "link -> f")
                .containsEntry("c", "file rw--w---- ");
        assertThat(manifest()).isEqualTo("c type=chr rdev=0x405 major=4 minor=5\nw type=whiteout\n");
    }

    @Test
    void shouldRecreateARemovedDirectoryWithItsMode() throws Exception {
        long t = append(Vops.mkdir("d", 0751));
        append(Vops.rmdir("d", 0751));
        mirror();
        undo(t);
        assertThat(root.resolve("d")).isDirectory();
        assertThat(perms("d")).isEqualTo("rwxr-x--x");
    }

    @Test
    void shouldRenameBackAndRecreateAReplacedTarget() throws Exception {
        long t = append(Vops.create("a", 0644), Vops.write("a", 0, null, utf8("A")), Vops.create("b", 0600),
                Vops.write("b", 0, null, utf8("B")), Vops.mkdir("d", 0755));
        append(Vops.rename("a", "b", Vops.fileUndo(0600, utf8("B"))), Vops.rename("d", "e", null));
        mirror();
        assertThat(root.resolve("b")).hasContent("A");
        undo(t);
        assertThat(root.resolve("a")).hasContent("A");
        assertThat(root.resolve("b")).hasContent("B");
        assertThat(perms("b")).isEqualTo("rw-------");
        assertThat(root.resolve("d")).isDirectory();
        assertThat(root.resolve("e")).doesNotExist();
    }

    @Test
    void shouldReturnToTheSameTreeAsAMirrorStoppedAtTheTargetAndReapplyForward() throws Exception {
        long t = append(Vops.mkdir("d", 0755), Vops.create("d/f", 0644), Vops.write("d/f", 0, null, utf8("one")));
        Path reference = Files.createDirectory(dir.resolve("reference"));
        Mirror.apply(journal.chunks(64), reference, MirrorOptions.DEFAULT);
        append(Vops.write("d/f", 0, Vops.writeUndo(3, 0, 0, utf8("one")), utf8("two!")),
                Vops.remove("d/f", Vops.fileUndo(0644, utf8("two!"))), Vops.rmdir("d", 0755), Vops.mkdir("x", 0700));
        MirrorReport full = mirror();
        Map<String, String> fullTree = TreeSnapshot.of(root);
        undo(t);
        Map<String, String> expected = TreeSnapshot.of(reference);
        expected.keySet().removeIf(k -> k.startsWith(".kemu"));
        Map<String, String> undone = TreeSnapshot.of(root);
        undone.keySet().removeIf(k -> k.startsWith(".kemu"));
        assertThat(undone).isEqualTo(expected);
        MirrorReport again = Mirror.apply(stream, root, MirrorOptions.DEFAULT);
        assertThat(again.applied()).isEqualTo(4);
        assertThat(again.problems()).isEmpty();
        assertThat(TreeSnapshot.of(root)).isEqualTo(fullTree);
        assertThat(again.completedThrough()).isEqualTo(full.completedThrough());
    }

    @Test
    void shouldUndoInterleavedTransactionsAndResumeBelowTheOldestUndoneBegin() throws Exception {
        long t = append(Vops.create("a", 0644));
        byte[] b = Vops.create("b", 0644);
        journal.record(StreamId.BEGIN | 0x101, java.util.Arrays.copyOfRange(b, 0, 16));
        append(Vops.create("c", 0644));
        journal.record(StreamId.END | 0x101, java.util.Arrays.copyOfRange(b, 16, b.length));
        mirror();
        MirrorReport r = undo(t);
        assertThat(r.undone()).isEqualTo(2);
        assertThat(TreeSnapshot.of(root).keySet()).containsExactly("", "a");
        MirrorReport again = Mirror.apply(stream, root, MirrorOptions.DEFAULT);
        assertThat(again.applied()).isEqualTo(2);
        assertThat(TreeSnapshot.of(root).keySet()).containsExactly("", "a", "b", "c");
    }

    @Test
    void shouldReportOperationsWithoutUndoAsIrreversible() throws Exception {
        long t = append(Vops.create("f", 0644));
        append(Vops.write("f", 0, null, utf8("x")), Vops.setextattr("f", "user.a", new byte[0]));
        mirror();
        MirrorReport r = undo(t);
        // the WRITE has no UNDO section; the SETEXTATTR's old state (no attribute) comes from the undo log
        assertThat(r.problems()).extracting(p -> p.kind()).containsExactly(ProblemKind.IRREVERSIBLE);
        assertThat(r.problems().get(0).message()).contains("no UNDO section");
        assertThat(r.problems().get(0).transid()).hasValue(102);
        assertThat(manifest()).isEmpty();
    }

    @Test
    void shouldNotUndoATransactionTheMirrorRejectedAndForgetTheRejectionOnceItIsReread() throws Exception {
        long t = append(Vops.create("keep", 0644));
        append(Vops.create("late", 0644), Vops.create("../escape", 0644));
        Files.write(stream, journal.toBytes());
        MirrorReport m = Mirror.apply(stream, root, MirrorOptions.DEFAULT);
        assertThat(m.rejected()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve(".mirror.kemu-state/rejected"))).startsWith("0000000000000068 REFUSED");
        MirrorReport r = undo(t);
        assertThat(r.problems()).isEmpty();
        assertThat(r.undone()).isEqualTo(1);
        assertThat(r.warnings()).anyMatch(w -> w.contains("was rejected"));
        assertThat(Files.readString(dir.resolve(".mirror.kemu-state/rejected"))).isEmpty();
        assertThat(root.resolve("late")).doesNotExist();
        MirrorReport again = Mirror.apply(stream, root, MirrorOptions.DEFAULT);
        assertThat(again.applied()).isEqualTo(1);
        assertThat(again.rejected()).isEqualTo(1);
    }

    @Test
    void shouldRefuseToUndoAMirrorWithoutState() throws Exception {
        append(Vops.create("f", 0644));
        Files.write(stream, journal.toBytes());
        assertThatThrownBy(() -> undo(0)).isInstanceOfSatisfying(JournalScanException.class,
                e -> assertThat(e.reason()).contains("nothing to undo"));
    }
}
