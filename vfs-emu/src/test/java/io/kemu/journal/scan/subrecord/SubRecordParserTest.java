package io.kemu.journal.scan.subrecord;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.testing.SubRecordWriter;
import io.kemu.journal.wire.RecordType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubRecordParserTest {

    private static List<SubRecord> parse(byte[] payload) throws JournalScanException {
        return SubRecordParser.parse(payload, 0, payload.length);
    }

    private static byte[] nested(boolean patched) {
        SubRecordWriter w = new SubRecordWriter();
        if (patched) {
            w.push(RecordType.CREATE);
        } else {
            w.pushUnpatched(RecordType.CREATE);
        }
        w.path(RecordType.PATH1, "dir/file");
        if (patched) {
            w.push(RecordType.REDO).push(RecordType.VATTR);
        } else {
            w.pushUnpatched(RecordType.REDO).pushUnpatched(RecordType.VATTR);
        }
        w.u32(RecordType.VTYPE, 1).leaf(RecordType.MODES, new byte[] {(byte) 0xA4, 1}).pop().pop().pop();
        w.push(RecordType.MKDIR).pop();
        return w.toBytes();
    }

    @Test
    void shouldWalkPatchedAndMinusOneSizesToTheSameTree() throws Exception {
        List<SubRecord> patched = parse(nested(true));
        List<SubRecord> unpatched = parse(nested(false));
        assertThat(patched).hasSize(2);
        assertThat(unpatched).hasSize(2);
        for (List<SubRecord> top : List.of(patched, unpatched)) {
            SubRecord create = top.get(0);
            assertThat(create.type()).isEqualTo(RecordType.CREATE);
            assertThat(create.isLast()).isFalse();
            assertThat(create.children()).extracting(SubRecord::type).containsExactly(RecordType.PATH1, RecordType.REDO);
            SubRecord vattr = create.children().get(1).children().get(0);
            assertThat(vattr.children()).extracting(SubRecord::type).containsExactly(RecordType.VTYPE, RecordType.MODES);
            assertThat(vattr.children().get(1).isLast()).isTrue();
            assertThat(vattr.children().get(1).dataLength()).isEqualTo(2);
            assertThat(top.get(1).index()).isEqualTo(create.index() + create.extent());
            assertThat(top.get(1).children()).singleElement().satisfies(pad -> {
                assertThat(pad.rectype()).isEqualTo(RecordType.PAD | RecordType.LAST);
            });
        }
        assertThat(unpatched.get(0).recsize()).isEqualTo(-1);
        assertThat(patched.get(0).recsize()).isPositive();
        assertThat(patched.get(0).extent()).isEqualTo(unpatched.get(0).extent());
    }

    @Test
    void shouldEndAContainerAtAPadLastTerminatorAfterAFlush() throws Exception {
        byte[] p = new SubRecordWriter().pushUnpatched(RecordType.WRITE).path(RecordType.PATH_REF, "f")
                .pushUnpatched(RecordType.REDO).u64(RecordType.SEEKPOS, 0).leaf(RecordType.FILEDATA, new byte[5])
                .popAfterFlush().popAfterFlush().toBytes();
        SubRecord write = parse(p).get(0);
        SubRecord redo = write.children().get(1);
        assertThat(redo.children()).extracting(SubRecord::rectype)
                .containsExactly(RecordType.SEEKPOS, RecordType.FILEDATA, RecordType.PAD | RecordType.LAST);
        assertThat(write.children()).extracting(SubRecord::rectype)
                .containsExactly(RecordType.PATH_REF, RecordType.REDO, RecordType.PAD | RecordType.LAST);
        assertThat(write.extent()).isEqualTo(p.length);
    }

    @Test
    void shouldNotLetLastEndTheTopLevel() throws Exception {
        byte[] p = new SubRecordWriter().leaf(RecordType.PATH1 | RecordType.LAST, new byte[3])
                .leaf(RecordType.PATH2, new byte[3]).toBytes();
        assertThat(parse(p)).hasSize(2);
    }

    @Test
    void shouldTreatARecsizeOfZeroAsAnEmptyEightByteRecord() throws Exception {
        byte[] p = new SubRecordWriter().rawHeader(RecordType.UNDO, 0).leaf(RecordType.PATH1, new byte[1]).toBytes();
        assertThat(parse(p)).extracting(SubRecord::extent).containsExactly(8, 16);
    }

    @Test
    void shouldRejectMinusOneOnALeaf() {
        byte[] p = new SubRecordWriter().rawHeader(RecordType.PATH1, -1).toBytes();
        assertThatThrownBy(() -> parse(p)).isInstanceOfSatisfying(JournalScanException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.MALFORMED);
            assertThat(e.reason()).contains("@0").contains("recsize -1 on leaf");
        });
    }

    @Test
    void shouldRejectAChildRunningPastItsContainer() {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.REDO).leaf(RecordType.PATH1, new byte[16]).pop();
        byte[] p = w.toBytes();
        io.kemu.journal.wire.SubRecordDescriptor.recsize(p, 0, 16);
        assertThatThrownBy(() -> parse(p)).isInstanceOf(JournalScanException.class).hasMessageContaining("@8");
    }

    @Test
    void shouldRejectRecsizesSmallerThanTheHeader() {
        byte[] p = new SubRecordWriter().rawHeader(RecordType.PATH1, 5).toBytes();
        assertThatThrownBy(() -> parse(p)).isInstanceOf(JournalScanException.class)
                .hasMessageContaining("smaller than its header");
    }

    @Test
    void shouldRejectNestingDeeperThanTheLimitInsteadOfOverflowingTheStack() {
        SubRecordWriter w = new SubRecordWriter();
        for (int i = 0; i < 100_000; i++) {
            w.rawHeader(RecordType.REDO, -1);
        }
        byte[] p = w.toBytes();
        assertThatThrownBy(() -> parse(p)).isInstanceOf(JournalScanException.class).hasMessageContaining("nesting deeper");
    }

    @Test
    void shouldReadIntegersByTheirWidthAndTimesAsTimespecs() throws Exception {
        byte[] p = new SubRecordWriter().leaf(RecordType.UID, new byte[] {(byte) 0xFF, (byte) 0xFF})
                .u32(RecordType.GID, 0xFFFFFFFFL).u64(RecordType.SIZE, -2).time(RecordType.MTIME, 1234567890L, 5)
                .leaf(RecordType.NLINK, new byte[3]).toBytes();
        List<SubRecord> r = parse(p);
        assertThat(LeafValues.integer(p, r.get(0))).isEqualTo(0xFFFF);
        assertThat(LeafValues.integer(p, r.get(1))).isEqualTo(0xFFFFFFFFL);
        assertThat(LeafValues.integer(p, r.get(2))).isEqualTo(-2);
        assertThat(LeafValues.timespec(p, r.get(3))).hasToString("2009-02-13T23:31:30.000000005Z");
        assertThatThrownBy(() -> LeafValues.integer(p, r.get(4))).hasMessageContaining("has 3 bytes");
    }

    @Test
    void shouldRejectMoreSubRecordsThanTheLimitInsteadOfBuildingMillionsOfNodes() {
        byte[] p = new byte[(SubRecordParser.MAX_RECORDS + 1) * 8];
        for (int i = 0; i < p.length; i += 8) {
            io.kemu.journal.wire.SubRecordDescriptor.write(p, i, RecordType.PAD, 8);
        }
        assertThatThrownBy(() -> parse(p)).isInstanceOf(JournalScanException.class)
                .hasMessageContaining("more than " + SubRecordParser.MAX_RECORDS + " sub-records");
    }
}
