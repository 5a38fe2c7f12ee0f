package io.kemu.cli;

import io.kemu.journal.wire.LittleEndian;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.RawRecordTrailerDescriptor;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.StreamId;
import io.kemu.journal.wire.SubRecordDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code kemu jscan} subcommands: output, stderr reporting and exit status. */
class JscanCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = KemuCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** A MKDIR transaction of one leaf-only container: MKDIR{PATH1, VATTR{VTYPE, MODES}}. */
    private static byte[] mkdir(String path) {
        byte[] name = (path + "\0").getBytes(StandardCharsets.UTF_8);
        int pathLeaf = SubRecordDescriptor.LENGTH + ((name.length + 7) & ~7);
        byte[] p = new byte[8 + pathLeaf + 8 + 16 + 16];
        SubRecordDescriptor.write(p, 0, RecordType.MKDIR, p.length);
        SubRecordDescriptor.write(p, 8, RecordType.PATH1, 8 + name.length);
        System.arraycopy(name, 0, p, 16, name.length);
        int vattr = 8 + pathLeaf;
        SubRecordDescriptor.write(p, vattr, RecordType.VATTR | RecordType.LAST, 8 + 16 + 12);
        SubRecordDescriptor.write(p, vattr + 8, RecordType.VTYPE, 12);
        LittleEndian.putI32(p, vattr + 16, 2);
        SubRecordDescriptor.write(p, vattr + 24, RecordType.MODES | RecordType.LAST, 12);
        LittleEndian.putI32(p, vattr + 32, 0755);
        return p;
    }

    private static void record(ByteArrayOutputStream out, long transid, byte[] payload) {
        int recsize = RawRecordHeaderDescriptor.OVERHEAD + payload.length;
        byte[] r = new byte[RawRecordHeaderDescriptor.alignedSize(recsize)];
        RawRecordHeaderDescriptor.begmagic(r, 0, RawRecordHeaderDescriptor.BEGMAGIC);
        RawRecordHeaderDescriptor.streamId(r, 0, StreamId.BEGIN | StreamId.END | StreamId.JMIN);
        RawRecordHeaderDescriptor.recsize(r, 0, recsize);
        RawRecordHeaderDescriptor.transid(r, 0, transid);
        System.arraycopy(payload, 0, r, 16, payload.length);
        RawRecordTrailerDescriptor.write(r, r.length - 8, recsize);
        out.writeBytes(r);
    }

    private Path stream(String... dirs) throws Exception {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        long t = 100;
        for (String d : dirs) {
            record(s, t, mkdir(d));
            t += 2;
        }
        Path file = dir.resolve("journal.stream");
        Files.write(file, s.toByteArray());
        return file;
    }

    /** The watermark a state file (and the log beside it) records, as 16 hex digits. */
    private static String firstLine(Path file) throws Exception {
        return io.kemu.journal.scan.Transids.hex16(io.kemu.journal.scan.mirror.MirrorState.load(file.getParent(), false)
                .resumePoint().watermark());
    }

    @Test
    void shouldDumpAStreamAndExitZero() throws Exception {
        Path file = stream("a");
        assertThat(run("jscan", "dump", file.toString())).isZero();
        assertThat(out.toString()).startsWith("STREAM 0100 0000000000000064 offset 0 records 1 {\n    @16 RECORD MKDIR")
                .contains("DATA 2 (VDIR)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldMirrorAndThenSkipTheSameStreamAsDuplicates() throws Exception {
        Path file = stream("a", "b");
        Path root = Files.createDirectory(dir.resolve("mirror"));
        assertThat(run("jscan", "mirror", "--root", root.toString(), file.toString())).isZero();
        assertThat(root.resolve("a")).isDirectory();
        assertThat(root.resolve("b")).isDirectory();
        assertThat(out.toString()).contains("2 applied").contains("completed through 0x0000000000000066");
        assertThat(run("jscan", "mirror", "--root", root.toString(), file.toString())).isZero();
        assertThat(out.toString()).contains("0 applied").contains("(2 duplicate records)");
    }

    @Test
    void shouldExitNonZeroNamingTheRefusedRecordWhileApplyingTheRest() throws Exception {
        Path file = stream("../escape", "ok");
        Path root = Files.createDirectory(dir.resolve("mirror"));
        assertThat(run("jscan", "mirror", "--root", root.toString(), file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("kemu jscan mirror: REFUSED offset 0 transid 0x0000000000000064")
                .contains("'..' component");
        assertThat(root.resolve("ok")).isDirectory();
        assertThat(dir.resolve("escape")).doesNotExist();
    }

    @Test
    void shouldReportACorruptStreamWithItsOffset() throws Exception {
        Path file = stream("a", "b");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 8] = 0;
        Files.write(file, bytes);
        Path root = Files.createDirectory(dir.resolve("mirror"));
        assertThat(run("jscan", "mirror", "--root", root.toString(), file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("GARBAGE offset " + bytes.length / 2);
        assertThat(run("jscan", "dump", file.toString())).isEqualTo(1);
    }

    @Test
    void shouldUndoToATransid() throws Exception {
        Path file = stream("a", "b", "c");
        Path root = Files.createDirectory(dir.resolve("mirror"));
        assertThat(run("jscan", "mirror", "--root", root.toString(), file.toString())).isZero();
        assertThat(run("jscan", "undo", "--root", root.toString(), "--to-transid", "0x64", file.toString())).isZero();
        assertThat(out.toString()).contains("2 undone");
        assertThat(root.resolve("a")).isDirectory();
        assertThat(root.resolve("b")).doesNotExist();
        assertThat(root.resolve("c")).doesNotExist();
    }

    @Test
    void shouldCreateAMissingRootAndKeepTheStateBesideIt() throws Exception {
        Path file = stream("a");
        Path root = dir.resolve("new/mirror");
        assertThat(run("jscan", "mirror", "--root", root.toString(), file.toString())).isZero();
        assertThat(root.resolve("a")).isDirectory();
        try (var entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("a");
        }
        assertThat(firstLine(dir.resolve("new/.mirror.kemu-state/transid"))).isEqualTo("0000000000000064");
    }

    @Test
    void shouldKeepTheStateWhereStateSaysForMirrorAndUndo() throws Exception {
        Path file = stream("a", "b");
        Path root = dir.resolve("mirror");
        Path state = dir.resolve("elsewhere/state");
        assertThat(run("jscan", "mirror", "--root", root.toString(), "--state", state.toString(), file.toString()))
                .isZero();
        assertThat(firstLine(state.resolve("transid"))).isEqualTo("0000000000000066");
        assertThat(dir.resolve(".mirror.kemu-state")).doesNotExist();
        assertThat(run("jscan", "undo", "--root", root.toString(), "--state", state.toString(), "--to-transid", "0x64",
                file.toString())).isZero();
        assertThat(root.resolve("b")).doesNotExist();
        assertThat(firstLine(state.resolve("transid"))).isEqualTo("0000000000000064");
        assertThat(run("jscan", "mirror", "--root", root.toString(), "--state", root.resolve("s").toString(),
                file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("lies inside the mirror root");
    }

    @Test
    void shouldFailWithStatusTwoForAnUnusableRootOrFile() throws Exception {
        Path file = stream("a");
        assertThat(run("jscan", "mirror", "--root", file.toString(), file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("mirror root").contains("is not a directory");
        assertThat(run("jscan", "dump", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(run("jscan", "undo", "--root", dir.toString(), "--to-transid", "zz", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a transid");
    }

    /** Every file under {@code top} with its bytes, permissions and modification time (byte-identity check). */
    private static java.util.Map<String, String> contents(Path top) throws Exception {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        try (var walk = Files.walk(top)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String what = Files.isDirectory(p) ? "dir" : java.util.HexFormat.of().formatHex(Files.readAllBytes(p));
                m.put(top.relativize(p).toString(), what + " " + java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(p)) + " " + Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    @Test
    void shouldUndoToTheTransidAsDumpPrintsItAndAsHexOrDecimal() throws Exception {
        Path file = stream("a", "b", "c");
        assertThat(run("jscan", "dump", file.toString())).isZero();
        assertThat(out.toString()).contains("STREAM 0100 0000000000000066");
        for (String t : new String[] {"0000000000000066", "0x66", "102"}) {
            Path root = dir.resolve("mirror-" + t);
            assertThat(run("jscan", "mirror", "--root", root.toString(), file.toString())).isZero();
            out.getBuffer().setLength(0);
            assertThat(run("jscan", "undo", "--root", root.toString(), "--to-transid", t, file.toString())).as(t).isZero();
            assertThat(out.toString()).as(t).contains("1 undone").contains("completed through 0x0000000000000066");
            assertThat(root.resolve("b")).isDirectory();
            assertThat(root.resolve("c")).doesNotExist();
        }
    }

    @Test
    void shouldUndoNothingAndSaySoForATransidPastTheEndAboveTwoToTheSixtyThree() throws Exception {
        Path file = stream("a", "b");
        Path root = dir.resolve("mirror");
        assertThat(run("jscan", "mirror", "--root", root.toString(), file.toString())).isZero();
        for (String t : new String[] {"8000000000000000", "0xffffffffffffffff", "18446744073709551615"}) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertThat(run("jscan", "undo", "--root", root.toString(), "--to-transid", t, file.toString())).as(t).isZero();
            assertThat(out.toString()).as(t).contains("0 undone").contains("completed through 0x0000000000000066");
            assertThat(err.toString()).as(t).contains("nothing to undo").contains("is at or past the end of the journal");
            assertThat(root.resolve("a")).isDirectory();
            assertThat(root.resolve("b")).isDirectory();
        }
    }

    @Test
    void shouldRefuseToMirrorIntoADirectoryOfSomeoneElsesFilesAndLeaveThemByteIdentical() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Files.writeString(home.resolve("a"), "the user's a");
        Files.writeString(home.resolve("notes.txt"), "the user's notes");
        Files.createDirectories(home.resolve("sub/deeper"));
        Files.write(home.resolve("sub/deeper/data.bin"), new byte[] {0, 1, 2, 3});
        var before = contents(home);
        for (Path file : new Path[] {stream("a", "b"), stream("x", "y")}) {
            err.getBuffer().setLength(0);
            assertThat(run("jscan", "mirror", "--root", home.toString(), file.toString())).isEqualTo(2);
            assertThat(err.toString().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("kemu jscan mirror:").contains("is not empty and is not a kemu mirror")
                    .contains("choose an empty or new directory");
            assertThat(contents(home)).isEqualTo(before);
            assertThat(dir.resolve(".home.kemu-state")).doesNotExist();
        }
    }

    @Test
    void shouldRefuseAStateDirectoryThatHoldsSomeoneElsesFiles() throws Exception {
        Path file = stream("a");
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.writeString(state.resolve("transid.log"), "the user's log");
        Files.writeString(state.resolve("rejected"), "the user's list");
        var before = contents(state);
        assertThat(run("jscan", "mirror", "--root", dir.resolve("m").toString(), "--state", state.toString(),
                file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not empty and holds no kemu mirror state");
        assertThat(contents(state)).isEqualTo(before);
    }

    @Test
    void shouldPrintEveryProblemWithAJournalNameOnOneEscapedLine() throws Exception {
        String evil = "x\nFAKE: 0 problems\r\u001b[2J\u009b31m\u2028\u202e";
        Path file = stream("missing/" + evil, "a", "../" + evil, "a/" + evil);
        Path root = dir.resolve("mirror");
        assertThat(run("jscan", "mirror", "--root", root.toString(), file.toString())).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(2).allSatisfy(line -> {
            assertThat(line).startsWith("kemu jscan mirror: ");
            assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028
                    || c == 0x202e)).isEmpty();
        });
        assertThat(err.toString()).contains("'missing/x\\nFAKE: 0 problems\\r\\x1b[2J\\u{009b}31m\\u{2028}\\u{202e}'");
        assertThat(root.resolve("a/" + evil)).isDirectory();
    }
}
