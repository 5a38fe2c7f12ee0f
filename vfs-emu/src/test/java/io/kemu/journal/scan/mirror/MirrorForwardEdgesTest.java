package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.op.VType;
import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.SubRecordWriter;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.RecordType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forward applier's less travelled branches (issue 16, mutation testing): records without the
 * leaf they act on, vnode types a VOP cannot create, and where each VOP finds its attributes.
 */
class MirrorForwardEdgesTest {
    @TempDir
    Path dir;
    Path root;
    private long nextTransid = 2000;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(dir.resolve("mirror"));
    }

    private MirrorReport apply(byte[]... transactions) throws Exception {
        StreamWriter w = new StreamWriter(nextTransid);
        for (byte[] t : transactions) {
            w.single(t);
        }
        nextTransid = w.nextTransid();
        return Mirror.apply(w.chunks(4096), root, MirrorOptions.DEFAULT);
    }

    private static ScanProblem only(MirrorReport r) {
        assertThat(r.problems()).hasSize(1);
        return r.problems().get(0);
    }

    private String perms(String rel) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(rel), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void shouldWarnAndApplyNothingForAVnodeWithoutAName() throws Exception {
        byte[] setattr = new SubRecordWriter().push(RecordType.SETATTR).push(RecordType.REDO).push(RecordType.VATTR)
                .u32(RecordType.MODES, 0600).pop().pop().pop().toBytes();
        byte[] write = new SubRecordWriter().push(RecordType.WRITE).push(RecordType.REDO).u64(RecordType.SEEKPOS, 0)
                .leaf(RecordType.FILEDATA, new byte[] {1}).pop().pop().toBytes();
        byte[] putpages = new SubRecordWriter().push(RecordType.PUTPAGES).push(RecordType.REDO)
                .u64(RecordType.SEEKPOS, 0).leaf(RecordType.FILEDATA, new byte[] {1}).pop().pop().toBytes();
        byte[] setextattr = new SubRecordWriter().push(RecordType.SETEXTATTR).string(RecordType.ATTRNAME, "user.a")
                .pop().toBytes();
        MirrorReport r = apply(setattr, write, putpages, setextattr);
        assertThat(r.clean()).as(r.problems().toString()).isTrue();
        assertThat(r.applied()).isEqualTo(4);
        assertThat(r.warnings()).hasSize(4).allSatisfy(w -> assertThat(w)
                .endsWith(": no PATH_REF (the vnode had no name, e.g. it was unlinked); nothing to apply"));
        assertThat(r.warnings().get(0)).isEqualTo("offset 0 transid 0x00000000000007d0: SETATTR: no PATH_REF (the"
                + " vnode had no name, e.g. it was unlinked); nothing to apply");
        assertThat(r.warnings().get(1)).contains("transid 0x00000000000007d2: WRITE: ");
        assertThat(root.resolve(".kemu")).doesNotExist();
        try (var listing = Files.list(root)) {
            assertThat(listing.count()).isZero();
        }
    }

    @Test
    void shouldRefuseVopsWithoutTheSectionOrLeafTheyNeed() throws Exception {
        apply(Vops.create("f", 0644));
        byte[] noRedo = new SubRecordWriter().push(RecordType.SETATTR).path(RecordType.PATH_REF, "f").pop().toBytes();
        ScanProblem p = only(apply(noRedo));
        assertThat(p.kind()).isEqualTo(ProblemKind.MALFORMED);
        assertThat(p.message()).isEqualTo("stream 0x0100 SETATTR: SETATTR without a REDO section");
        byte[] noName = new SubRecordWriter().push(RecordType.SETEXTATTR).path(RecordType.PATH_REF, "f")
                .push(RecordType.REDO).u64(RecordType.SEEKPOS, 0).pop().pop().toBytes();
        p = only(apply(noName));
        assertThat(p.kind()).isEqualTo(ProblemKind.MALFORMED);
        assertThat(p.message()).endsWith("SETEXTATTR without ATTRNAME");
        byte[] mknodNoType = new SubRecordWriter().push(RecordType.MKNOD).path(RecordType.PATH1, "n")
                .push(RecordType.REDO).push(RecordType.VATTR).u32(RecordType.MODES, 0600).pop().pop().pop().toBytes();
        p = only(apply(mknodNoType));
        assertThat(p.kind()).isEqualTo(ProblemKind.MALFORMED);
        assertThat(p.message()).endsWith("MKNOD without VTYPE");
        assertThat(root.resolve("n")).doesNotExist();
        byte[] unknown = new SubRecordWriter().push(0x0077).path(RecordType.PATH1, "u").pop().toBytes();
        p = only(apply(unknown));
        assertThat(p.kind()).isEqualTo(ProblemKind.UNSUPPORTED);
        assertThat(p.message()).contains("unknown operation type 0x8077");
    }

    @Test
    void shouldCreateOnlyTheVnodeTypesEachVopCanMake() throws Exception {
        ScanProblem p = only(apply(Vops.create("d", VType.VDIR, 0755)));
        assertThat(p.kind()).isEqualTo(ProblemKind.UNSUPPORTED);
        assertThat(p.message()).endsWith("CREATE of vnode type 2");
        assertThat(root.resolve("d")).doesNotExist();
        byte[] createNoType = new SubRecordWriter().push(RecordType.CREATE).path(RecordType.PATH1, "plain")
                .push(RecordType.REDO).push(RecordType.VATTR).u32(RecordType.MODES, 0604).pop().pop().pop().toBytes();
        byte[] createTopVattr = new SubRecordWriter().push(RecordType.CREATE).path(RecordType.PATH1, "top")
                .push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VFIFO).u32(RecordType.MODES, 0640).pop().pop()
                .toBytes();
        MirrorReport r = apply(createNoType, createTopVattr, Vops.mknod("reg", VType.VREG, 0600, 0, 0, 0),
                Vops.mknod("dir", VType.VDIR, 0710, 0, 0, 0), Vops.mknod("blk", VType.VBLK, 0660, 0x801, 8, 1));
        assertThat(r.clean()).as(r.problems().toString()).isTrue();
        assertThat(root.resolve("plain")).isRegularFile();
        assertThat(perms("plain")).isEqualTo("rw----r--");
        assertThat(perms("top")).isEqualTo("rw-r-----");
        assertThat(root.resolve("reg")).isRegularFile().isEmptyFile();
        assertThat(perms("reg")).isEqualTo("rw-------");
        assertThat(root.resolve("dir")).isDirectory();
        assertThat(perms("dir")).isEqualTo("rwx--x---");
        assertThat(Files.readString(NodeManifest.fileUnder(root))).isEqualTo(
                "blk type=blk rdev=0x801 major=8 minor=1\ntop type=fifo\n");
        p = only(apply(Vops.mknod("lnk", VType.VLNK, 0777, 0, 0, 0)));
        assertThat(p.kind()).isEqualTo(ProblemKind.UNSUPPORTED);
        assertThat(p.message()).endsWith("MKNOD of vnode type 5");
    }

    @Test
    void shouldTakeMkdirAndSymlinkLeavesFromWhereTheKernelPutsThem() throws Exception {
        byte[] mkdirRedo = new SubRecordWriter().push(RecordType.MKDIR).path(RecordType.PATH1, "r")
                .push(RecordType.REDO).push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VDIR)
                .u32(RecordType.MODES, 0700).pop().pop().pop().toBytes();
        byte[] mkdirBoth = new SubRecordWriter().push(RecordType.MKDIR).path(RecordType.PATH1, "b")
                .push(RecordType.VATTR).u32(RecordType.MODES, 0750).pop()
                .push(RecordType.REDO).push(RecordType.VATTR).u32(RecordType.MODES, 0700).pop().pop().pop().toBytes();
        byte[] mkdirNone = new SubRecordWriter().push(RecordType.MKDIR).path(RecordType.PATH1, "n").pop().toBytes();
        byte[] symlinkTop = new SubRecordWriter().push(RecordType.SYMLINK).path(RecordType.PATH1, "l")
                .string(RecordType.SYMLINKDATA, "r").pop().toBytes();
        byte[] symlinkBoth = new SubRecordWriter().push(RecordType.SYMLINK).path(RecordType.PATH1, "m")
                .string(RecordType.SYMLINKDATA, "top").push(RecordType.REDO).string(RecordType.SYMLINKDATA, "redo")
                .pop().pop().toBytes();
        MirrorReport r = apply(mkdirRedo, mkdirBoth, mkdirNone, symlinkTop, symlinkBoth);
        assertThat(r.clean()).as(r.problems().toString()).isTrue();
        assertThat(perms("r")).isEqualTo("rwx------");
        assertThat(perms("b")).isEqualTo("rwxr-x---");
        assertThat(root.resolve("n")).isDirectory();
        assertThat(Files.readSymbolicLink(root.resolve("l"))).isEqualTo(Path.of("r"));
        assertThat(Files.readSymbolicLink(root.resolve("m"))).isEqualTo(Path.of("redo"));
    }

    @Test
    void shouldSetAnExtendedAttributeFromEveryRunOfItsRedo() throws Exception {
        apply(Vops.create("f", 0644));
        byte[] setextattr = new SubRecordWriter().push(RecordType.SETEXTATTR).path(RecordType.PATH_REF, "f")
                .string(RecordType.ATTRNAME, "user.v").push(RecordType.REDO).u64(RecordType.SEEKPOS, 0)
                .leaf(RecordType.FILEDATA, new byte[] {1, 2}).leaf(RecordType.FILEDATA, new byte[] {3})
                .u64(RecordType.SEEKPOS, 9).leaf(RecordType.FILEDATA, new byte[] {4}).pop().pop().toBytes();
        byte[] empty = new SubRecordWriter().push(RecordType.SETEXTATTR).path(RecordType.PATH_REF, "f")
                .string(RecordType.ATTRNAME, "user.e").pop().toBytes();
        MirrorReport r = apply(setextattr, empty);
        assertThat(r.clean()).as(r.problems().toString()).isTrue();
        assertThat(Files.readString(NodeManifest.fileUnder(root))).isEqualTo("f xattr.user.e= xattr.user.v=01020304\n");
        ScanProblem p = only(apply(new SubRecordWriter().push(RecordType.SETEXTATTR).path(RecordType.PATH_REF, "gone")
                .string(RecordType.ATTRNAME, "user.x").pop().toBytes()));
        assertThat(p.kind()).isEqualTo(ProblemKind.FAILED);
        assertThat(p.message()).endsWith("'gone' does not exist");
    }
}
