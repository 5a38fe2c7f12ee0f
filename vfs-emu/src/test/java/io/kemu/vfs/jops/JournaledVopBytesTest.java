package io.kemu.vfs.jops;

import static io.kemu.vfs.jops.ExpectedRecords.concat;
import static io.kemu.vfs.jops.ExpectedRecords.control;
import static io.kemu.vfs.jops.ExpectedRecords.firstDifference;
import static io.kemu.vfs.jops.ExpectedRecords.le16;
import static io.kemu.vfs.jops.ExpectedRecords.le32;
import static io.kemu.vfs.jops.ExpectedRecords.le64;
import static io.kemu.vfs.jops.ExpectedRecords.leaf;
import static io.kemu.vfs.jops.ExpectedRecords.nested;
import static io.kemu.vfs.jops.ExpectedRecords.path;
import static io.kemu.vfs.jops.ExpectedRecords.text;
import static io.kemu.vfs.jops.ExpectedRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.JRecord;
import io.kemu.journal.jrecord.RecordBuilder;
import io.kemu.vfs.Cred;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.Pages;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.VType;
import io.kemu.vfs.Vattr;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.jops.ExpectedRecords.Sub;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Journals one VOP of each kind through the journal layer into a real {@link JournalFifo} (via
 * {@link FifoSink} and {@code JRecord}), drains the ring, and compares the bytes with a stream
 * built independently from JOURNAL-SPEC section 1 by {@link ExpectedRecords}.
 */
class JournaledVopBytesTest {
    // type codes, JOURNAL-SPEC 0.4
    private static final int ASSOCIATE = 0x0002;
    private static final int DISASSOCIATE = 0x0003;
    private static final int UNDO = 0x8004;
    private static final int REDO = 0x8006;
    private static final int SETATTR = 0x8010;
    private static final int WRITE = 0x8011;
    private static final int PUTPAGES = 0x8012;
    private static final int SETACL = 0x8013;
    private static final int SETEXTATTR = 0x8014;
    private static final int CREATE = 0x8015;
    private static final int MKNOD = 0x8016;
    private static final int LINK = 0x8017;
    private static final int SYMLINK = 0x8018;
    private static final int WHITEOUT = 0x8019;
    private static final int REMOVE = 0x801A;
    private static final int MKDIR = 0x801B;
    private static final int RMDIR = 0x801C;
    private static final int RENAME = 0x801D;
    private static final int VATTR = 0x8100;
    private static final int CRED = 0x8101;
    private static final int FILEDATA = 0x0401;
    private static final int PATH1 = 0x0402;
    private static final int PATH2 = 0x0403;
    private static final int UID = 0x0406;
    private static final int GID = 0x0407;
    private static final int MODES = 0x0408;
    private static final int PID = 0x040A;
    private static final int COMM = 0x040C;
    private static final int ATTRNAME = 0x040D;
    private static final int PATH_REF = 0x040E;
    private static final int SYMLINKDATA = 0x0410;
    private static final int SEEKPOS = 0x0411;
    private static final int INUM = 0x0412;
    private static final int NLINK = 0x0413;
    private static final int FSID = 0x0414;
    private static final int SIZE = 0x0415;
    private static final int ATIME = 0x0416;
    private static final int MTIME = 0x0417;
    private static final int CTIME = 0x0418;
    private static final int GEN = 0x0419;
    private static final int FLAGS = 0x041A;
    private static final int UDEV = 0x041B;
    private static final int VTYPE = 0x041D;
    private static final int UMAJOR = 0x041F;
    private static final int UMINOR = 0x0420;

    private static final long T0 = 0x5000;
    private static final int SID = 0x0100;
    private static final Cred ME = Cred.root(42, "kemu-test");

    private Mount mount;
    private MountJournals journals;
    private JournalFifo fifo;

    @BeforeEach
    void newMount() {
        mount = new Mount(0x2A, MountLimits.DEFAULT, new SteppingClock(new Timespec(1_700_000_000L, 0), 1_000_000));
        journals = new MountJournals(mount);
    }

    private void install(boolean reversable) {
        final int flags = reversable ? MountctlFlags.WANT_REVERSABLE : 0;
        assertThat(journals.install(new InstallRequest(JournalId.of("bytes"), flags, 0, T0),
                FifoSink.factory(f -> fifo = f)).isOk()).isTrue();
    }

    private static byte[] drain(JournalFifo ring) {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ring.drain((mem, off, len) -> wire.write(mem, off, len));
        return wire.toByteArray();
    }

    private void assertStream(Sub expectedTop) {
        assertWire(concat(control(ASSOCIATE, T0), transaction(SID, T0 + 2, expectedTop)));
    }

    private void assertWire(byte[] expected) {
        final byte[] actual = drain(fifo);
        assertThat(firstDifference(expected, actual)).as("journal stream").isNull();
    }

    private static Sub cred() {
        return nested(CRED, leaf(UID, le32(0)), leaf(GID, le32(0)));
    }

    private static Sub credWithProcess() {
        return nested(CRED, leaf(UID, le32(0)), leaf(GID, le32(0)), leaf(PID, le32(42)),
                leaf(COMM, ExpectedRecords.comm("kemu-test")));
    }

    private static Sub ts(int type, Timespec t) {
        return leaf(type, ExpectedRecords.timespec(t.sec(), t.nsec()));
    }

    /** UNDO's VATTR with every field, in jrecord_undo_file() order. */
    private static Sub undoVattrAll(int vtype, Vattr a) {
        return nested(VATTR, leaf(VTYPE, le32(vtype)), leaf(NLINK, le64(a.nlink())), leaf(SIZE, le64(a.size())),
                leaf(UID, le32(a.uid())), leaf(GID, le32(a.gid())), leaf(FSID, le32(0x2A)),
                leaf(MODES, le16(a.mode())), leaf(INUM, le64(a.fileid())), ts(ATIME, a.atime()),
                ts(MTIME, a.mtime()), ts(CTIME, a.ctime()), leaf(GEN, le64(a.gen())), leaf(FLAGS, le64(a.flags())),
                leaf(UDEV, le32((a.rmajor() << 8) | a.rminor())), leaf(UMAJOR, le32(a.rmajor())),
                leaf(UMINOR, le32(a.rminor())));
    }

    private Vattr stat(String p) {
        return mount.stat(p).value();
    }

    private void createFile(String p, String contents) {
        assertThat(mount.create(ME, p, 0644).isOk()).isTrue();
        assertThat(mount.write(ME, p, 0, List.of(text(contents))).isOk()).isTrue();
    }

    @Test
    void shouldWriteAssociateAndDisassociateAsOneSubrecordOnTheDiscontStream() {
        install(false);
        assertThat(journals.remove(JournalId.of("bytes"), 0).isOk()).isTrue();
        assertWire(concat(control(ASSOCIATE, T0), control(DISASSOCIATE, T0 + 2)));
        assertThat(control(ASSOCIATE, T0)).hasSize(32);
    }

    @Test
    void shouldJournalSetattrWithProcessCredAndOnlyRequestedFieldsInRedo() {
        createFile("f", "hello");
        install(false);
        mount.chmod(ME, "f", 0600);
        assertStream(nested(SETATTR, credWithProcess(), leaf(PATH_REF, path("f")),
                nested(REDO, nested(VATTR, leaf(MODES, le16(0600))))));
    }

    @Test
    void shouldPutEveryOldAttributeInSetattrUndoOnReversableJournal() {
        createFile("f", "hello");
        final Vattr old = stat("f");
        install(true);
        mount.chown(ME, "f", 7, -1);
        assertStream(nested(SETATTR, nested(UNDO, undoVattrAll(1, old)), credWithProcess(),
                leaf(PATH_REF, path("f")), nested(REDO, nested(VATTR, leaf(UID, le32(7))))));
    }

    @Test
    void shouldNameTheMountRootWithAnEmptyPathRef() {
        install(false);
        mount.chmod(ME, "", 0700);
        assertStream(nested(SETATTR, credWithProcess(), leaf(PATH_REF, new byte[0]),
                nested(REDO, nested(VATTR, leaf(MODES, le16(0700))))));
    }

    @Test
    void shouldJournalWriteWithOneFiledataPerIovecAndOldDataInUndo() {
        mount.mkdir(ME, "dir", 0755);
        createFile("dir/f", "hello world");
        final Vattr old = stat("dir/f");
        install(true);
        mount.write(ME, "dir/f", 6, List.of(text("WO"), new byte[0], text("RLD!")));
        assertStream(nested(WRITE,
                nested(UNDO, nested(VATTR, leaf(VTYPE, le32(1)), leaf(SIZE, le64(11)), ts(MTIME, old.mtime())),
                        leaf(SEEKPOS, le64(6)), leaf(FILEDATA, text("world"))),
                cred(), leaf(PATH_REF, path("dir/f")),
                nested(REDO, leaf(SEEKPOS, le64(6)), leaf(FILEDATA, text("WO")), leaf(FILEDATA, text("RLD!")))));
    }

    @Test
    void shouldJournalAppendAtTheOffsetActuallyUsedWithoutOldData() {
        createFile("f", "12345");
        final Vattr old = stat("f");
        install(true);
        mount.append(ME, "f", List.of(text("678")));
        assertStream(nested(WRITE,
                nested(UNDO, nested(VATTR, leaf(VTYPE, le32(1)), leaf(SIZE, le64(5)), ts(MTIME, old.mtime()))),
                cred(), leaf(PATH_REF, path("f")),
                nested(REDO, leaf(SEEKPOS, le64(5)), leaf(FILEDATA, text("678")))));
    }

    @Test
    void shouldSplitUndoFileDataInto8KiBLeaves() {
        final byte[] big = new byte[20000];
        Arrays.fill(big, (byte) 'q');
        assertThat(mount.create(ME, "f", 0644).isOk()).isTrue();
        mount.write(ME, "f", 0, List.of(big));
        final Vattr old = stat("f");
        install(true);
        mount.unlink(ME, "f");
        assertStream(nested(REMOVE,
                nested(UNDO, undoVattrAll(1, old), leaf(SEEKPOS, le64(0)),
                        leaf(FILEDATA, Arrays.copyOf(big, 8192)), leaf(FILEDATA, Arrays.copyOf(big, 8192)),
                        leaf(FILEDATA, Arrays.copyOf(big, 20000 - 16384))),
                cred(), leaf(PATH1, path("f"))));
    }

    @Test
    void shouldJournalPutpagesRunsWithoutCredAndUndoOnlyBtocBytes() {
        final byte[] contents = new byte[5000];
        Arrays.fill(contents, (byte) 'c');
        assertThat(mount.create(ME, "f", 0644).isOk()).isTrue();
        mount.write(ME, "f", 0, List.of(contents));
        final Vattr old = stat("f");
        install(true);
        final byte[] pages = new byte[3 * Pages.PAGE_SIZE];
        Arrays.fill(pages, (byte) 'p');
        final VfsResult<?> r = mount.putpages(ME, "f", new Pages(0, 3 * Pages.PAGE_SIZE, pages));
        assertThat(r.isOk()).isTrue();
        assertStream(nested(PUTPAGES,
                nested(UNDO, nested(VATTR, leaf(VTYPE, le32(1)), leaf(SIZE, le64(5000)), ts(MTIME, old.mtime())),
                        leaf(SEEKPOS, le64(0)), leaf(FILEDATA, text("ccc"))),
                leaf(PATH_REF, path("f")),
                nested(REDO, leaf(SEEKPOS, le64(0)), leaf(FILEDATA, Arrays.copyOf(pages, 2 * Pages.PAGE_SIZE)))));
    }

    @Test
    void shouldCapPutpagesRunsAtThirtyTwoPages() {
        final int pageCount = 40;
        assertThat(mount.create(ME, "f", 0644).isOk()).isTrue();
        mount.truncate(ME, "f", (long) pageCount * Pages.PAGE_SIZE);
        install(false);
        final byte[] pages = new byte[pageCount * Pages.PAGE_SIZE];
        for (int i = 0; i < pages.length; ++i) {
            pages[i] = (byte) (i / Pages.PAGE_SIZE);
        }
        mount.putpages(ME, "f", new Pages(0, pages.length, pages));
        assertStream(nested(PUTPAGES, leaf(PATH_REF, path("f")),
                nested(REDO, leaf(SEEKPOS, le64(0)), leaf(FILEDATA, Arrays.copyOf(pages, 32 * Pages.PAGE_SIZE)),
                        leaf(SEEKPOS, le64(32L * Pages.PAGE_SIZE)),
                        leaf(FILEDATA, Arrays.copyOfRange(pages, 32 * Pages.PAGE_SIZE, pages.length)))));
    }

    @Test
    void shouldCommitAnEmptyPutpagesForZeroCount() {
        createFile("f", "x");
        install(true);
        mount.putpages(ME, "f", new Pages(0, 0, new byte[0]));
        assertStream(nested(PUTPAGES));
    }

    @Test
    void shouldJournalSetaclAsCredAndPathRefOnly() {
        createFile("f", "");
        install(true);
        mount.setacl(ME, "f", new byte[] {1, 2, 3});
        assertStream(nested(SETACL, credWithProcess(), leaf(PATH_REF, path("f"))));
    }

    @Test
    void shouldJournalSetextattrWithTopLevelAttrnameAndOnlyTheConsumedSeekpos() {
        createFile("f", "");
        install(true);
        mount.setextattr(ME, "f", "user.tag", text("value"));
        assertStream(nested(SETEXTATTR, credWithProcess(), leaf(PATH_REF, path("f")),
                leaf(ATTRNAME, text("user.tag")), nested(REDO, leaf(SEEKPOS, le64(5)))));
    }

    @Test
    void shouldJournalCreateWithRequestedVattrInRedo() {
        mount.mkdir(ME, "d", 0755);
        install(true);
        mount.create(ME, "d/f", 0640);
        assertStream(nested(CREATE, cred(), leaf(PATH1, path("d/f")), leaf(PATH_REF, path("d/f")),
                nested(REDO, nested(VATTR, leaf(VTYPE, le32(1)), leaf(MODES, le16(0640))))));
    }

    @Test
    void shouldJournalSocketBindAsCreateOfVsock() {
        install(false);
        mount.bind(ME, "sock", 0777);
        assertStream(nested(CREATE, cred(), leaf(PATH1, path("sock")), leaf(PATH_REF, path("sock")),
                nested(REDO, nested(VATTR, leaf(VTYPE, le32(6)), leaf(MODES, le16(0777))))));
    }

    @Test
    void shouldJournalMknodWithDeviceTripleAndPathRefAfterRedo() {
        install(false);
        mount.mknod(ME, "tty", VType.VCHR, 0620, 5, 3);
        assertStream(nested(MKNOD, cred(), leaf(PATH1, path("tty")),
                nested(REDO, nested(VATTR, leaf(VTYPE, le32(4)), leaf(MODES, le16(0620)), leaf(UDEV, le32(0x0503)),
                        leaf(UMAJOR, le32(5)), leaf(UMINOR, le32(3)))),
                leaf(PATH_REF, path("tty"))));
    }

    @Test
    void shouldJournalMkfifoWithoutDeviceLeaves() {
        install(false);
        mount.mkfifo(ME, "pipe", 0600);
        assertStream(nested(MKNOD, cred(), leaf(PATH1, path("pipe")),
                nested(REDO, nested(VATTR, leaf(VTYPE, le32(7)), leaf(MODES, le16(0600)))),
                leaf(PATH_REF, path("pipe"))));
    }

    @Test
    void shouldJournalLinkWithAnotherNameOfTheTargetInsideRedo() {
        createFile("f", "x");
        mount.link(ME, "f", "g");
        install(false);
        mount.link(ME, "f", "h");
        // names newest first: h, g, f -> the first other than the new link is g
        assertStream(nested(LINK, cred(), leaf(PATH1, path("h")), nested(REDO, leaf(PATH_REF, path("g")))));
    }

    @Test
    void shouldJournalSymlinkWithTargetInRedoAndPathRefAfter() {
        install(false);
        mount.symlink(ME, "../elsewhere", "ln");
        assertStream(nested(SYMLINK, cred(), leaf(PATH1, path("ln")),
                nested(REDO, leaf(SYMLINKDATA, text("../elsewhere"))), leaf(PATH_REF, path("ln"))));
    }

    @Test
    void shouldJournalWhiteoutAsCredAndPath() {
        install(true);
        mount.whiteout(ME, "gone");
        assertStream(nested(WHITEOUT, cred(), leaf(PATH1, path("gone"))));
    }

    @Test
    void shouldPutSymlinkTargetInRemoveUndo() {
        mount.symlink(ME, "tgt", "ln");
        final Vattr old = stat("ln");
        install(true);
        mount.unlink(ME, "ln");
        assertStream(nested(REMOVE, nested(UNDO, undoVattrAll(5, old), leaf(SYMLINKDATA, text("tgt"))),
                cred(), leaf(PATH1, path("ln"))));
    }

    @Test
    void shouldJournalMkdirWithBareVattrAndPathTwice() {
        mount.mkdir(ME, "a", 0755);
        install(true);
        mount.mkdir(ME, "a/b", 0700);
        assertStream(nested(MKDIR, leaf(PATH1, path("a/b")), cred(),
                nested(VATTR, leaf(VTYPE, le32(2)), leaf(MODES, le16(0700))), leaf(PATH1, path("a/b")),
                leaf(PATH_REF, path("a/b"))));
    }

    @Test
    void shouldJournalRmdirWithDirectoryAttributesInUndo() {
        mount.mkdir(ME, "a", 0755);
        final Vattr old = stat("a");
        install(true);
        mount.rmdir(ME, "a");
        assertStream(nested(RMDIR, nested(UNDO, undoVattrAll(2, old)), cred(), leaf(PATH1, path("a"))));
    }

    @Test
    void shouldJournalRenameOverATargetWithTheReplacedFileInUndo() {
        createFile("a", "aaa");
        mount.mkdir(ME, "d", 0755);
        createFile("d/b", "bb");
        final Vattr old = stat("d/b");
        install(true);
        mount.rename(ME, "a", "d/b");
        assertStream(nested(RENAME, nested(UNDO, undoVattrAll(1, old), leaf(SEEKPOS, le64(0)), leaf(FILEDATA, text("bb"))),
                cred(), leaf(PATH1, path("a")), leaf(PATH2, path("d/b"))));
    }

    @Test
    void shouldJournalRenameOfADirectoryWithOldAndNewPaths() {
        mount.mkdir(ME, "x", 0755);
        mount.mkdir(ME, "x/y", 0755);
        mount.mkdir(ME, "z", 0755);
        install(true);
        mount.rename(ME, "x/y", "z/w");
        assertStream(nested(RENAME, cred(), leaf(PATH1, path("x/y")), leaf(PATH2, path("z/w"))));
    }

    @Test
    void shouldWriteNothingForFsync() {
        createFile("f", "x");
        install(true);
        assertThat(mount.fsync(ME, "f").isOk()).isTrue();
        assertWire(control(ASSOCIATE, T0));
    }

    @Test
    void shouldRetractAFailedVopSoNothingReachesTheWireButItsTransidIsSpent() {
        mount.mkdir(ME, "d", 0755);
        createFile("d/f", "x");
        install(true);
        assertThat(mount.rmdir(ME, "d").errno()).isEqualTo(Errno.ENOTEMPTY);
        mount.mkdir(ME, "e", 0755);
        assertWire(concat(control(ASSOCIATE, T0), transaction(SID, T0 + 4, nested(MKDIR, leaf(PATH1, path("e")), cred(),
                nested(VATTR, leaf(VTYPE, le32(2)), leaf(MODES, le16(0755))), leaf(PATH1, path("e")),
                leaf(PATH_REF, path("e"))))));
    }

    @Test
    void shouldNotReachTheJournalForErrorsFoundBeforeTheVop() {
        install(true);
        assertThat(mount.rmdir(ME, "missing").errno()).isEqualTo(Errno.ENOENT);
        assertThat(mount.mkdir(ME, "", 0755).errno()).isEqualTo(Errno.EEXIST);
        assertThat(fifo.transid()).isEqualTo(T0 + 2);
        assertWire(control(ASSOCIATE, T0));
    }

    @Test
    void shouldMarkAFailedTransactionAbortedWhenAnotherWasReservedBehindIt() {
        mount.mkdir(ME, "d", 0755);
        createFile("d/f", "x");
        final List<JRecord> concurrent = new ArrayList<>();
        journals.install(new InstallRequest(JournalId.of("bytes"), 0, 0, T0), config -> {
            fifo = new JournalFifo(config.fifoSize(), config.firstTransid(), false);
            return streamId -> {
                final RecordBuilder mine = JRecord.init(fifo, streamId);
                if (streamId != 0x0002) {
                    concurrent.add(JRecord.init(fifo, 0x0101));
                }
                return mine;
            };
        });
        assertThat(mount.rmdir(ME, "d").errno()).isEqualTo(Errno.ENOTEMPTY);
        concurrent.get(0).leaf(0x0001, new byte[0]);
        concurrent.get(0).done(false);
        final byte[] aborted = ExpectedRecords.raw(SID | ExpectedRecords.BEGIN | ExpectedRecords.END
                | ExpectedRecords.ABORTED, T0 + 2, new byte[0]);
        // the 64-byte reservation shrinks to an empty record; the freed 64 bytes become a pad (transid + 1)
        final byte[] pad = ExpectedRecords.raw(0xC001, T0 + 3, new byte[64 - 24]);
        final byte[] other = ExpectedRecords.raw(0x0101 | ExpectedRecords.BEGIN | ExpectedRecords.END, T0 + 4,
                leaf(0x0001, new byte[0]).encode(false));
        assertThat(ExpectedRecords.firstRecordDifference(concat(control(ASSOCIATE, T0), aborted, pad, other),
                drain(fifo))).isNull();
    }

    @Test
    void shouldWriteUndoOnlyToReversableJournalsOnTheSameStreamId() {
        createFile("f", "abc");
        final Vattr old = stat("f");
        final JournalFifo[] rings = new JournalFifo[2];
        journals.install(new InstallRequest(JournalId.of("undo"), MountctlFlags.WANT_REVERSABLE, 0, T0),
                FifoSink.factory(f -> rings[0] = f));
        journals.install(new InstallRequest(JournalId.of("plain"), 0, 0, 0x9000),
                FifoSink.factory(f -> rings[1] = f));
        mount.unlink(ME, "f");
        final byte[] withUndo = drain(rings[0]);
        final byte[] plain = drain(rings[1]);
        assertThat(firstDifference(concat(control(ASSOCIATE, T0), transaction(SID, T0 + 2, nested(REMOVE,
                nested(UNDO, undoVattrAll(1, old), leaf(SEEKPOS, le64(0)), leaf(FILEDATA, text("abc"))),
                cred(), leaf(PATH1, path("f"))))), withUndo)).isNull();
        assertThat(firstDifference(concat(control(ASSOCIATE, 0x9000), transaction(SID, 0x9002, nested(REMOVE,
                cred(), leaf(PATH1, path("f"))))), plain)).isNull();
    }

    @Test
    void shouldEndAMultiRecordTransactionWithAnEmptyAbortedRecordWhenItsVopFails() {
        mount = new Mount(0x2A, new MountLimits(200 << 10, 1 << 30, 100, 64, 64),
                new SteppingClock(new Timespec(1_700_000_000L, 0), 1_000_000));
        journals = new MountJournals(mount);
        createFile("f", "");
        mount.write(ME, "f", 0, List.of(new byte[150 << 10]));
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        journals.install(new InstallRequest(JournalId.of("small"), MountctlFlags.WANT_REVERSABLE, 64 << 10, T0),
                FifoSink.factory(f -> {
                    fifo = f;
                    f.stallHandler(ring -> {
                        final int before = ring.xindex();
                        ring.drain((mem, off, len) -> wire.write(mem, off, len));
                        return ring.xindex() != before;
                    });
                }));
        assertThat(mount.write(ME, "f", 0, List.of(new byte[210 << 10])).errno()).isEqualTo(Errno.EFBIG);
        wire.writeBytes(drain(fifo));
        final byte[] s = wire.toByteArray();
        final List<int[]> records = new ArrayList<>();
        for (int at = 0; at < s.length; at += (u32(s, at + 4) + 15) & ~15) {
            records.add(new int[] {u16(s, at + 2), u32(s, at + 4)});
        }
        final List<int[]> txn = records.stream().filter(r -> (r[0] & 0x1FFF) == SID).toList();
        assertThat(txn.size()).as("raw records of the aborted transaction").isGreaterThan(2);
        assertThat(txn.get(0)[0]).isEqualTo(SID | ExpectedRecords.BEGIN);
        assertThat(txn.subList(1, txn.size() - 1)).allSatisfy(r -> assertThat(r[0]).isEqualTo(SID));
        assertThat(txn.get(txn.size() - 1)).containsExactly(SID | ExpectedRecords.END | ExpectedRecords.ABORTED, 24);
        assertThat(mount.readFile("f").value()).hasSize(150 << 10);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int u32(byte[] b, int at) {
        return u16(b, at) | u16(b, at + 2) << 16;
    }
}
