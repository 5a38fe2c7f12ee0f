package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.Transids;
import io.kemu.journal.scan.op.VType;
import io.kemu.journal.scan.testing.SubRecordWriter;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What undo cannot bring back, and says so (issue 16, mutation testing): UNDO sections without the
 * leaf they need, a directory in the way, a file that had other links, data an UNDO does not hold.
 */
class MirrorUndoEdgesTest extends MirrorJournalTestBase {
    private MirrorReport mirror() throws Exception {
        return applyJournal();
    }

    @Test
    void shouldReportEachFileItCannotRecreateAndWhy() throws Exception {
        long t = append(Vops.create("a", 0644), Vops.create("b", 0644), Vops.create("c", 0644), Vops.create("e", 0644),
                Vops.create("g", 0644));
        append(Vops.remove("a", w -> w.push(RecordType.VATTR).u32(RecordType.MODES, 0644).pop().u32(RecordType.ERROR, 5)),
                Vops.remove("b", w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VLNK).pop()),
                Vops.remove("c", Vops.fileUndo(0644, utf8("c"))),
                Vops.remove("e", w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VBAD).pop()),
                Vops.remove("g", w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VREG)
                        .u32(RecordType.NLINK, 2).u64(RecordType.SIZE, 3).pop().u64(RecordType.SEEKPOS, 0)
                        .leaf(RecordType.FILEDATA, utf8("xyz"))));
        MirrorReport m = mirror();
        assertThat(m.clean()).as(m.problems().toString()).isTrue();
        Files.createDirectory(root.resolve("c"));
        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);
        assertThat(r.undone()).isZero();
        assertThat(r.rejected()).isEqualTo(5);
        assertThat(r.problems()).extracting(ScanProblem::kind).containsExactly(ProblemKind.IRREVERSIBLE,
                ProblemKind.IRREVERSIBLE, ProblemKind.FAILED, ProblemKind.IRREVERSIBLE, ProblemKind.IRREVERSIBLE,
                ProblemKind.IRREVERSIBLE);
        assertThat(r.problems()).extracting(ScanProblem::message).containsExactly(
                "stream 0x0100 undo REMOVE: REMOVE: 'g' was recreated as a separate file, but it had 2 links: the"
                        + " journal does not say which names shared it, so they no longer do",
                "stream 0x0100 undo REMOVE: REMOVE: cannot recreate vnode type 8",
                "stream 0x0100 undo REMOVE: cannot recreate 'c': a directory is in the way",
                "stream 0x0100 undo REMOVE: REMOVE: UNDO of a symlink has no SYMLINKDATA",
                "stream 0x0100 undo REMOVE: REMOVE: UNDO has no VTYPE (the kernel could not read the old state:"
                        + " errno 5)",
                "1 entries are not as they were at " + Transids.format(t) + " (data or hard links the journal cannot"
                        + " restore, under their names now): 'g'");
        assertThat(r.problems().subList(0, 5)).extracting(p -> p.transid().getAsLong())
                .containsExactly(118L, 116L, 114L, 112L, 110L);
        assertThat(root.resolve("g")).hasContent("xyz");
        assertThat(r.completedThrough()).isEqualTo(t);
        assertThat(Mirror.appliedPosition(root, MirrorOptions.DEFAULT).watermark()).isEqualTo(t);
    }

    @Test
    void shouldRecreateAFileWithoutSizeFromItsDataAndReportAnIncompleteUndo() throws Exception {
        long t = append(Vops.create("h", 0640), Vops.create("i", 0640), Vops.mkdir("d", 0700));
        append(Vops.remove("h", w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VREG)
                        .u32(RecordType.MODES, 0640).pop().u64(RecordType.SEEKPOS, 2).leaf(RecordType.FILEDATA, utf8("ab"))),
                Vops.remove("i", w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VREG).pop()
                        .u32(RecordType.ERROR, 5)),
                Vops.rmdir("d", 0750));
        MirrorReport m = mirror();
        assertThat(m.clean()).as(m.problems().toString()).isTrue();
        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);
        assertThat(r.undone()).isEqualTo(2);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.IRREVERSIBLE);
            assertThat(p.message()).isEqualTo("stream 0x0100 undo REMOVE: UNDO data is incomplete: the kernel got errno 5"
                    + " reading the old state");
        });
        assertThat(Files.readAllBytes(root.resolve("h"))).containsExactly(0, 0, 'a', 'b');
        assertThat(root.resolve("i")).isRegularFile().isEmptyFile();
        assertThat(root.resolve("d")).isDirectory();
    }

    @Test
    void shouldReportDataAWriteOrATruncationCannotGetBack() throws Exception {
        long t = append(Vops.create("f", 0644), Vops.write("f", 0, null, utf8("0123456789")));
        append(Vops.setattr("f", w -> w.u64(RecordType.SIZE, 2), w -> w.push(RecordType.VATTR)
                        .u32(RecordType.VTYPE, VType.VREG).u64(RecordType.SIZE, 10).pop()),
                Vops.write("f", 0, w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VREG)
                        .u64(RecordType.SIZE, 2).pop().u64(RecordType.SEEKPOS, 0).leaf(RecordType.FILEDATA, utf8("0")),
                        utf8("abc")),
                Vops.write("f", 1, w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VREG)
                        .u64(RecordType.SIZE, 3).pop().u64(RecordType.SEEKPOS, 1).leaf(RecordType.FILEDATA, utf8("bc")),
                        utf8("XY")));
        MirrorReport m = mirror();
        assertThat(m.clean()).as(m.problems().toString()).isTrue();
        assertThat(root.resolve("f")).hasContent("aXY");
        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);
        assertThat(r.undone()).isEqualTo(1);
        assertThat(r.rejected()).isEqualTo(2);
        assertThat(r.problems()).extracting(ScanProblem::message).containsExactly(
                "stream 0x0100 undo WRITE: WRITE: 'f': the UNDO section holds 1 of the 2 bytes written over; the rest"
                        + " cannot be restored",
                "stream 0x0100 undo SETATTR: SETATTR: 'f' was truncated from 10 to 2 bytes; the truncated bytes are not"
                        + " journaled and come back as zeros",
                "1 entries are not as they were at " + Transids.format(t) + " (data or hard links the journal cannot"
                        + " restore, under their names now): 'f'");
        assertThat(Files.readAllBytes(root.resolve("f"))).containsExactly('0', 'b', 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void shouldUndoNamelessVnodesAsNothingAndCountControlAndAbortedTransactions() throws Exception {
        long t = append(Vops.create("f", 0644));
        byte[] nameless = new SubRecordWriter().push(RecordType.WRITE).push(RecordType.UNDO).push(RecordType.VATTR)
                .u32(RecordType.VTYPE, VType.VREG).pop().pop().push(RecordType.REDO).u64(RecordType.SEEKPOS, 0)
                .leaf(RecordType.FILEDATA, utf8("z")).pop().pop().toBytes();
        append(nameless, Vops.setacl("f"), Vops.whiteout("w"), Vops.mkdir("m", 0755));
        journal.record(StreamId.BEGIN | StreamId.END | StreamId.DISCONT, Vops.associate());
        journal.record(StreamId.BEGIN | StreamId.END | StreamId.ABORTED | 0x100, Vops.create("x", 0644));
        MirrorReport m = mirror();
        assertThat(m.clean()).as(m.problems().toString()).isTrue();
        assertThat(Files.readString(NodeManifest.fileUnder(root))).isEqualTo("w type=whiteout\n");
        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);
        assertThat(r.clean()).as(r.problems().toString()).isTrue();
        assertThat(r.undone()).isEqualTo(4);
        assertThat(r.control()).isEqualTo(1);
        assertThat(r.aborted()).isEqualTo(1);
        assertThat(r.warnings()).singleElement().satisfies(w -> assertThat(w)
                .endsWith("WRITE: no PATH_REF (the vnode had no name); nothing to undo"));
        assertThat(root.resolve("m")).doesNotExist();
        assertThat(NodeManifest.fileUnder(root)).doesNotExist();
        assertThat(root.resolve("f")).isEmptyFile();
    }
}
