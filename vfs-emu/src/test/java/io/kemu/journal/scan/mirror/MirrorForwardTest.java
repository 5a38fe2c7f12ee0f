package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.op.VType;
import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.SubRecordWriter;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The forward (REDO) effect of every journaled VOP type on a mirror. */
class MirrorForwardTest {
    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(dir.resolve("mirror"));
    }

    private long nextTransid = 1000;

    /** Applies each payload as a one-record transaction, continuing the transids of earlier calls. */
    private MirrorReport apply(byte[]... transactions) throws Exception {
        StreamWriter w = new StreamWriter(nextTransid);
        for (byte[] t : transactions) {
            w.single(t);
        }
        nextTransid = w.nextTransid();
        return Mirror.apply(w.chunks(4096), root, MirrorOptions.DEFAULT);
    }

    private String manifest() throws Exception {
        Path f = root.resolve(".kemu/nodes");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String perms(String rel) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(rel), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void shouldCreateARegularFileWithItsMode() throws Exception {
        MirrorReport r = apply(Vops.create("f", 0640));
        assertThat(r.clean()).as(r.problems().toString()).isTrue();
        assertThat(r.applied()).isEqualTo(1);
        assertThat(root.resolve("f")).isRegularFile().isEmptyFile();
        assertThat(perms("f")).isEqualTo("rw-r-----");
        assertThat(manifest()).isEmpty();
    }

    @Test
    void shouldNotTruncateAnExistingFileOnCreate() throws Exception {
        Mirror.open(root, MirrorOptions.DEFAULT).close();
        Files.writeString(root.resolve("f"), "keep");
        apply(Vops.create("f", 0644));
        assertThat(root.resolve("f")).hasContent("keep");
    }

    @Test
    void shouldCreateASocketPlaceholderForAVsockCreate() throws Exception {
        MirrorReport r = apply(Vops.create("s", VType.VSOCK, 0755));
        assertThat(r.clean()).isTrue();
        assertThat(root.resolve("s")).isRegularFile().isEmptyFile();
        assertThat(manifest()).isEqualTo("s type=sock\n");
    }

    @Test
    void shouldWriteEveryFiledataAtItsSeekposAndConcatenateLeaves() throws Exception {
        MirrorReport r = apply(Vops.create("f", 0644), Vops.write("f", 0, null, utf8("hello "), utf8("world")),
                Vops.write("f", 6, null, utf8("W")));
        assertThat(r.clean()).isTrue();
        assertThat(root.resolve("f")).hasContent("hello World");
    }

    @Test
    void shouldWritePutpagesRunsAtTheirOwnOffsetsOnlyBelowEndOfFile() throws Exception {
        MirrorReport r = apply(Vops.create("f", 0644), Vops.write("f", 0, null, utf8("0123456789")),
                Vops.putpages("f", new long[] {0, 8}, new byte[][] {utf8("AAAA"), utf8("BBBB")}));
        assertThat(r.clean()).isTrue();
        assertThat(root.resolve("f")).hasContent("AAAA4567BB");
    }

    @Test
    void shouldApplySetattrModesSizeTimesAndFlags() throws Exception {
        MirrorReport r = apply(Vops.create("f", 0644), Vops.write("f", 0, null, utf8("0123456789")),
                Vops.setattr("f", w -> w.u32(RecordType.MODES, 04750).u64(RecordType.SIZE, 4)
                        .time(RecordType.MTIME, 1_000_000_000L, 500).u32(RecordType.FLAGS, 0x2), null));
        assertThat(r.clean()).as(r.problems().toString()).isTrue();
        assertThat(root.resolve("f")).hasContent("0123");
        assertThat(perms("f")).isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(root.resolve("f"))).isEqualTo(FileTime.from(java.time.Instant.ofEpochSecond(1_000_000_000L, 500)));
        assertThat(manifest()).isEqualTo("f mode=4750 flags=0x2\n");
    }

    @Test
    void shouldApplyOwnershipWhenPermittedAndWarnOtherwise() throws Exception {
        MirrorReport r = apply(Vops.create("f", 0644),
                Vops.setattr("f", w -> w.u32(RecordType.UID, 4321).u32(RecordType.GID, 99), null));
        assertThat(r.clean()).isTrue();
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(Files.getAttribute(root.resolve("f"), "unix:uid")).isEqualTo(4321);
            assertThat(Files.getAttribute(root.resolve("f"), "unix:gid")).isEqualTo(99);
        } else {
            assertThat(r.warnings()).anyMatch(w -> w.contains("cannot set uid 4321"));
        }
    }

    @Test
    void shouldRecordMknodAsAPlaceholderWithDeviceNumbersOfDevicesOnly() throws Exception {
        MirrorReport r = apply(Vops.mknod("null", VType.VCHR, 0666, 0x0203, 2, 3),
                Vops.mknod("fifo", VType.VFIFO, 0600, 0, 0, 0));
        assertThat(r.clean()).isTrue();
        assertThat(root.resolve("null")).isRegularFile().isEmptyFile();
        assertThat(perms("null")).isEqualTo("rw-rw-rw-");
        assertThat(manifest()).isEqualTo("fifo type=fifo\nnull type=chr rdev=0x203 major=2 minor=3\n");
    }

    @Test
    void shouldMakeARealHardLinkAndCopyTheManifestEntry() throws Exception {
        MirrorReport r = apply(Vops.mknod("p", VType.VFIFO, 0600, 0, 0, 0), Vops.link("q", "p"),
                Vops.create("f", 0644), Vops.link("g", "f"), Vops.write("g", 0, null, utf8("shared")));
        assertThat(r.clean()).as(r.problems().toString()).isTrue();
        assertThat(Files.isSameFile(root.resolve("f"), root.resolve("g"))).isTrue();
        assertThat(root.resolve("f")).hasContent("shared");
        assertThat(manifest()).isEqualTo("p type=fifo\nq type=fifo\n");
    }

    @Test
    void shouldPutInodeMetadataOnEveryHardLinkedName() throws Exception {
        apply(Vops.create("f", 0644), Vops.link("g", "f"), Vops.setextattr("g", "user.tag", utf8("v")));
        assertThat(manifest()).isEqualTo("f xattr.user.tag=76\ng xattr.user.tag=76\n");
    }

    @Test
    void shouldFailALinkWithoutASourceName() throws Exception {
        MirrorReport r = apply(Vops.link("q", null));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.FAILED);
            assertThat(p.transid()).hasValue(1000);
        });
    }

    @Test
    void shouldCreateASymlinkWithoutFollowingIt() throws Exception {
        MirrorReport r = apply(Vops.mkdir("d", 0755), Vops.symlink("d/l", "../f"));
        assertThat(r.clean()).isTrue();
        assertThat(Files.readSymbolicLink(root.resolve("d/l"))).hasToString("../f");
    }

    @Test
    void shouldToggleAWhiteout() throws Exception {
        apply(Vops.whiteout("w"));
        assertThat(manifest()).isEqualTo("w type=whiteout\n");
        assertThat(root.resolve("w")).doesNotExist();
        apply(Vops.whiteout("w"));
        assertThat(manifest()).isEmpty();
    }

    @Test
    void shouldRemoveFilesSymlinksAndPlaceholdersWithTheirManifestEntries() throws Exception {
        MirrorReport r = apply(Vops.create("f", 0644), Vops.symlink("l", "f"), Vops.mknod("c", VType.VCHR, 0600, 1, 0, 1),
                Vops.remove("f", null), Vops.remove("l", null), Vops.remove("c", null));
        assertThat(r.clean()).isTrue();
        try (var s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("an empty manifest leaves no .kemu").isEmpty();
        }
        assertThat(manifest()).isEmpty();
    }

    @Test
    void shouldMakeADirectoryFromTheBareVattrAndRemoveIt() throws Exception {
        MirrorReport r = apply(Vops.mkdir("d", 0711), Vops.mkdir("d/e", 0755));
        assertThat(r.clean()).isTrue();
        assertThat(perms("d")).isEqualTo("rwx--x--x");
        apply(Vops.rmdir("d/e", null));
        assertThat(root.resolve("d/e")).doesNotExist();
    }

    @Test
    void shouldFailToRemoveANonEmptyDirectoryButApplyTheRest() throws Exception {
        MirrorReport r = apply(Vops.mkdir("d", 0755), Vops.create("d/f", 0644), Vops.rmdir("d", null),
                Vops.create("g", 0644));
        assertThat(r.applied()).isEqualTo(3);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.FAILED);
            assertThat(p.message()).contains("not empty");
        });
        assertThat(root.resolve("g")).exists();
    }

    @Test
    void shouldRenameReplacingTheTargetAndMoveManifestEntriesOfASubtree() throws Exception {
        MirrorReport r = apply(Vops.mkdir("d", 0755), Vops.mknod("d/p", VType.VFIFO, 0600, 0, 0, 0),
                Vops.create("x", 0644), Vops.write("x", 0, null, utf8("x")), Vops.create("y", 0644),
                Vops.rename("x", "y", null), Vops.rename("d", "e", null));
        assertThat(r.clean()).isTrue();
        assertThat(root.resolve("x")).doesNotExist();
        assertThat(root.resolve("y")).hasContent("x");
        assertThat(root.resolve("e/p")).exists();
        assertThat(manifest()).isEqualTo("e/p type=fifo\n");
    }

    @Test
    void shouldRecordAnExtendedAttributeNameWithTheJournaledValue() throws Exception {
        MirrorReport r = apply(Vops.create("f", 0644), Vops.setextattr("f", "user.a b", new byte[0]));
        assertThat(r.clean()).isTrue();
        assertThat(manifest()).isEqualTo("f xattr.user.a%20b=\n");
    }

    @Test
    void shouldAcceptSetaclWithoutChangingAnything() throws Exception {
        MirrorReport r = apply(Vops.create("f", 0644), Vops.setacl("f"));
        assertThat(r.applied()).isEqualTo(2);
        assertThat(r.clean()).isTrue();
    }

    @Test
    void shouldSkipAbortedAndControlTransactions() throws Exception {
        StreamWriter w = new StreamWriter(10);
        w.record(StreamId.BEGIN | StreamId.END | StreamId.DISCONT, Vops.associate());
        w.record(StreamId.BEGIN | 0x100, Vops.create("gone", 0644));
        w.record(StreamId.END | StreamId.ABORTED | 0x100, new byte[0]);
        MirrorReport r = Mirror.apply(w.chunks(64), root, MirrorOptions.DEFAULT);
        assertThat(r.clean()).isTrue();
        assertThat(r.control()).isEqualTo(1);
        assertThat(r.aborted()).isEqualTo(1);
        assertThat(root.resolve("gone")).doesNotExist();
    }

    @Test
    void shouldReportAMalformedTransactionAndApplyTheNextOne() throws Exception {
        byte[] bad = new SubRecordWriter().push(RecordType.WRITE).path(RecordType.PATH_REF, "f")
                .push(RecordType.REDO).leaf(RecordType.FILEDATA, utf8("x")).pop().pop().toBytes();
        MirrorReport r = apply(Vops.create("f", 0644), bad, Vops.create("g", 0644));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.MALFORMED);
            assertThat(p.message()).contains("FILEDATA without a SEEKPOS");
            assertThat(p.offset()).isEqualTo(io.kemu.journal.wire.RawRecordHeaderDescriptor.alignedSize(
                    24 + Vops.create("f", 0644).length));
            assertThat(p.transid()).hasValue(1002);
        });
        assertThat(root.resolve("g")).exists();
        assertThat(Files.readString(dir.resolve(".mirror.kemu-state/rejected"))).contains("FILEDATA without a SEEKPOS");
        assertThat(root.resolve(".kemu")).doesNotExist();
    }

    @Test
    void shouldApplyATransactionSplitAcrossRawRecordsWithOtherStreamsInBetween() throws Exception {
        byte[] create = Vops.create("a", 0600);
        byte[] mkdir = Vops.mkdir("b", 0700);
        StreamWriter w = new StreamWriter(10);
        w.record(StreamId.BEGIN | 0x100, java.util.Arrays.copyOfRange(create, 0, 20));
        w.record(StreamId.BEGIN | StreamId.END | 0x101, mkdir);
        w.pad(16);
        w.record(StreamId.END | 0x100, java.util.Arrays.copyOfRange(create, 20, create.length));
        MirrorReport r = Mirror.apply(w.chunks(7), root, MirrorOptions.DEFAULT);
        assertThat(r.clean()).isTrue();
        assertThat(r.applied()).isEqualTo(2);
        assertThat(root.resolve("a")).exists();
        assertThat(root.resolve("b")).isDirectory();
        assertThat(r.completedThrough()).isEqualTo(15);
    }
}
