package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ResumePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The restart state's files byte for byte (issue 16, mutation testing): the checkpoint, the log's
 * lines and epochs, when a checkpoint replaces appending, the rejected file, and the exact message
 * for every malformed line and unusable directory.
 */
class MirrorStateFilesTest {
    @TempDir
    Path dir;

    private Path stateDir() {
        return dir.resolve("state");
    }

    private String file(String name) throws Exception {
        return Files.readString(stateDir().resolve(name), StandardCharsets.US_ASCII);
    }

    private void writeFile(String name, String text) throws Exception {
        Files.createDirectories(stateDir());
        Files.writeString(stateDir().resolve(name), text, StandardCharsets.US_ASCII);
    }

    private static String hex(long t) {
        return String.format("%016x", t);
    }

    @Test
    void shouldWriteTheCheckpointAndAppendOneLinePerForwardStep() throws Exception {
        MirrorState s = MirrorState.load(stateDir(), true);
        assertThat(s.exists()).isFalse();
        assertThat(s.resumePoint()).isEqualTo(ResumePoint.START);
        assertThat(s.interrupted()).isEmpty();
        assertThat(s.transidFile()).isEqualTo(stateDir().resolve("transid"));
        s.initialize();
        assertThat(s.exists()).isTrue();
        assertThat(file("transid")).isEqualTo(hex(0) + "\n@" + hex(1) + "\n");
        assertThat(file("transid.log")).isEqualTo("@" + hex(1) + "\n");
        assertThat(s.bytesWritten()).isEqualTo(35 + 18);
        s.initialize();
        assertThat(s.bytesWritten()).isEqualTo(53);

        s.save(new ResumePoint(5, List.of(9L, 11L)));
        s.save(new ResumePoint(5, List.of(9L, 11L)));
        s.save(new ResumePoint(9, List.of(11L)));
        assertThat(file("transid.log")).isEqualTo("@" + hex(1) + "\n"
                + "a " + hex(5) + " +" + hex(9) + " +" + hex(11) + "\n"
                + "a " + hex(9) + "\n");
        assertThat(s.bytesWritten()).isEqualTo(53 + 55 + 19);
        s.close();
        s.close();
        assertThat(MirrorState.load(stateDir(), false).resumePoint()).isEqualTo(new ResumePoint(9, List.of(11L)));

        // a lower watermark, or a finished transaction forgotten above the new one: a new checkpoint
        s.save(new ResumePoint(3, List.of(11L)));
        assertThat(file("transid")).isEqualTo(hex(3) + "\n+" + hex(11) + "\n@" + hex(2) + "\n");
        assertThat(file("transid.log")).isEqualTo("@" + hex(2) + "\n");
        s.save(new ResumePoint(4, List.of()));
        assertThat(file("transid")).isEqualTo(hex(4) + "\n@" + hex(3) + "\n");
        s.save(new ResumePoint(11, List.of(13L)));
        assertThat(file("transid.log")).isEqualTo("@" + hex(3) + "\na " + hex(11) + " +" + hex(13) + "\n");
        s.close();
        assertThat(MirrorState.load(stateDir(), false).resumePoint()).isEqualTo(new ResumePoint(11, List.of(13L)));
    }

    @Test
    void shouldRewriteTheCheckpointOnceTheLogOutgrowsIt() throws Exception {
        MirrorState s = MirrorState.load(stateDir(), false);
        s.initialize();
        // checkpoint 35 bytes, log header 18, each step 19: the log may reach 65536 + 8 * 35 = 65816 bytes
        long t = 1;
        for (int i = 0; i < 3464; i++) {
            s.save(new ResumePoint(t++, List.of()));
        }
        assertThat(file("transid")).endsWith("@" + hex(1) + "\n");
        assertThat(Files.size(stateDir().resolve("transid.log"))).isEqualTo(18 + 19L * 3464);
        s.save(new ResumePoint(t, List.of()));
        assertThat(file("transid")).isEqualTo(hex(t) + "\n@" + hex(2) + "\n");
        assertThat(file("transid.log")).isEqualTo("@" + hex(2) + "\n");
        s.close();
    }

    @Test
    void shouldLogManifestChangesWithTheLineThatFinishesTheirTransaction() throws Exception {
        MirrorState s = MirrorState.load(stateDir(), false);
        assertThatThrownBy(() -> s.save(new ResumePoint(7, List.of()), List.of("m a type=fifo")))
                .isInstanceOf(IllegalStateException.class).hasMessage("node-manifest changes without a transaction begun");
        s.beginApplying(7, "h1");
        assertThat(file("transid")).isEqualTo(hex(0) + "\n@" + hex(1) + "\n");
        assertThat(s.interrupted()).contains(new MirrorState.Interrupted(7, "h1"));
        s.save(new ResumePoint(7, List.of()), List.of("m a type=fifo", "r b"));
        assertThat(s.interrupted()).isEmpty();
        s.beginApplying(9, "h2");
        s.save(new ResumePoint(7, List.of()), List.of("r a"));
        assertThat(s.interrupted()).contains(new MirrorState.Interrupted(9, "h2"));
        assertThat(file("transid.log")).isEqualTo("@" + hex(1) + "\n"
                + "b " + hex(7) + " h1\nm a type=fifo\nr b\na " + hex(7) + "\n"
                + "b " + hex(9) + " h2\nr a\na " + hex(7) + "\n");
        s.close();
        MirrorState back = MirrorState.load(stateDir(), false);
        assertThat(back.loggedManifestChanges()).containsExactly("m a type=fifo", "r b", "r a");
        assertThat(back.interrupted()).contains(new MirrorState.Interrupted(9, "h2"));

        // a step back with changes: logged with a commit line, then the manifest file is written and the
        // checkpoint drops them; the interrupted transaction is logged again in the new log
        List<String> manifestWrites = new java.util.ArrayList<>();
        back.writeManifestWith(() -> manifestWrites.add("written"));
        back.save(new ResumePoint(5, List.of()), List.of("m c type=sock"));
        assertThat(manifestWrites).hasSize(1);
        assertThat(back.loggedManifestChanges()).isEmpty();
        assertThat(file("transid")).isEqualTo(hex(5) + "\n@" + hex(2) + "\n");
        assertThat(file("transid.log")).isEqualTo("@" + hex(2) + "\nb " + hex(9) + " h2\n");
        back.close();
        MirrorState third = MirrorState.load(stateDir(), false);
        assertThat(third.interrupted()).contains(new MirrorState.Interrupted(9, "h2"));
        assertThat(third.loggedManifestChanges()).isEmpty();
        // a checkpoint whose point finishes the interrupted transaction forgets it
        third.save(new ResumePoint(3, List.of(9L)));
        assertThat(third.interrupted()).isEmpty();
        assertThat(file("transid.log")).isEqualTo("@" + hex(3) + "\n");
        third.close();
        assertThat(MirrorState.load(stateDir(), false).interrupted()).isEmpty();
    }

    @Test
    void shouldForgetAnInterruptedTransactionOnceALoggedLineFinishesIt() throws Exception {
        MirrorState s = MirrorState.load(stateDir(), false);
        s.initialize();
        s.beginApplying(9, "h");
        s.save(new ResumePoint(3, List.of()));
        assertThat(s.interrupted()).isPresent();
        s.save(new ResumePoint(3, List.of(9L)));
        assertThat(s.interrupted()).isEmpty();
        s.close();
        assertThat(MirrorState.load(stateDir(), false).interrupted()).isEmpty();
        writeFile("transid.log", "@" + hex(1) + "\nb " + hex(9) + " h\na " + hex(8) + "\n");
        assertThat(MirrorState.load(stateDir(), false).interrupted()).contains(new MirrorState.Interrupted(9, "h"));
        writeFile("transid.log", "@" + hex(1) + "\nb " + hex(9) + " h\na " + hex(9) + "\n");
        assertThat(MirrorState.load(stateDir(), false).interrupted()).isEmpty();
    }

    @Test
    void shouldRefuseAMalformedCheckpointNamingWhatIsWrong() throws Exception {
        Path transid = stateDir().resolve("transid");
        Map<String, String> cases = Map.of(
                "", transid + ": empty state file",
                "xyz\n", transid + ": malformed state file: expected 16 hex digits, got 'xyz'",
                hex(1) + "\n-" + hex(5) + "\n", transid + ": malformed state file: line 2 does not start with '+'",
                hex(1) + "\n@" + hex(1) + "\n+" + hex(5) + "\n", transid + ": malformed state file: line 2 does not"
                        + " start with '+'",
                hex(5) + "\n+" + hex(3) + "\n", transid + ": malformed state file: finishedAbove must be distinct"
                        + " transids above the watermark 5: [3]",
                hex(5) + "\n+" + hex(9) + "\n@" + hex(2) + "x\n", transid + ": malformed state file: expected 16 hex"
                        + " digits, got '" + hex(2) + "x'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            writeFile("transid", c.getKey());
            assertThatThrownBy(() -> MirrorState.load(stateDir(), false)).as(c.getKey())
                    .isInstanceOf(JournalScanException.class).hasMessage("IO: " + c.getValue());
        }
        // no epoch: the log does not continue this checkpoint, whatever it says
        writeFile("transid", hex(5) + "\n+" + hex(9) + "\n");
        writeFile("transid.log", "garbage\n");
        MirrorState s = MirrorState.load(stateDir(), false);
        assertThat(s.resumePoint()).isEqualTo(new ResumePoint(5, List.of(9L)));
        s.save(new ResumePoint(9, List.of()));
        assertThat(file("transid")).isEqualTo(hex(9) + "\n@" + hex(1) + "\n");
        s.close();
    }

    @Test
    void shouldRefuseAMalformedLogLineNamingIt() throws Exception {
        Path log = stateDir().resolve("transid.log");
        writeFile("transid", hex(1) + "\n@" + hex(4) + "\n");
        Map<String, String> cases = Map.of(
                "z\n", "unknown line 'z'",
                "a\n", "unknown line 'a'",
                "b " + hex(5) + "\n", "unknown line 'b " + hex(5) + "'",
                "b " + hex(5) + " h x\n", "unknown line 'b " + hex(5) + " h x'",
                "a " + hex(5) + " x" + hex(9) + "\n", "expected +TRANSID, got 'x" + hex(9) + "'",
                "a 5\n", "expected 16 hex digits, got '5'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            writeFile("transid.log", "@" + hex(4) + "\n" + c.getKey());
            assertThatThrownBy(() -> MirrorState.load(stateDir(), false)).as(c.getKey())
                    .isInstanceOf(JournalScanException.class)
                    .hasMessage("IO: " + log + ": malformed state log: " + c.getValue());
        }
        writeFile("transid.log", "@" + hex(4) + "\na " + hex(5) + " +" + hex(9) + " +" + hex(7) + "\nc\n");
        assertThat(MirrorState.load(stateDir(), false).resumePoint()).isEqualTo(new ResumePoint(5, List.of(7L, 9L)));
        writeFile("transid.log", "@" + hex(4) + "\na " + hex(5) + " +" + hex(9) + "\na " + hex(8) + "\n");
        assertThat(MirrorState.load(stateDir(), false).resumePoint()).isEqualTo(new ResumePoint(8, List.of(9L)));
        // a stale log (another epoch) is ignored; a log cut short is not appended to but checkpointed
        writeFile("transid.log", "@" + hex(3) + "\na " + hex(5) + "\n");
        assertThat(MirrorState.load(stateDir(), false).resumePoint()).isEqualTo(new ResumePoint(1, List.of()));
        writeFile("transid.log", "@" + hex(4) + "\na " + hex(5) + "\na 00");
        MirrorState s = MirrorState.load(stateDir(), false);
        assertThat(s.resumePoint()).isEqualTo(new ResumePoint(5, List.of()));
        s.save(new ResumePoint(6, List.of()));
        assertThat(file("transid")).isEqualTo(hex(6) + "\n@" + hex(5) + "\n");
        s.close();
    }

    @Test
    void shouldRecordRejectionsOneLineEachAndKeepOnlyThoseStillFinished() throws Exception {
        MirrorState s = MirrorState.load(stateDir(), false);
        s.reject(7, "bad\nthing");
        s.reject(5, "worse");
        assertThat(Files.readString(stateDir().resolve("rejected"))).isEqualTo(hex(7) + " bad thing\n" + hex(5)
                + " worse\n");
        assertThat(s.rejected()).containsExactly(Map.entry(5L, "worse"), Map.entry(7L, "bad thing"));
        s.reject(9, "later");
        assertThat(s.rejected()).containsKeys(5L, 7L, 9L);
        s.keepRejectedFinishedBy(new ResumePoint(5, List.of(9L)));
        assertThat(s.rejected()).containsOnlyKeys(5L, 9L);
        assertThat(Files.readString(stateDir().resolve("rejected"))).isEqualTo(hex(5) + " worse\n" + hex(9)
                + " later\n");
        assertThat(stateDir().resolve("rejected.tmp")).doesNotExist();
        s.keepRejectedFinishedBy(new ResumePoint(9, List.of()));
        assertThat(s.rejected()).containsOnlyKeys(5L, 9L);

        writeFile("rejected", hex(3) + "\n" + hex(4) + " why not\n");
        assertThat(MirrorState.load(stateDir(), false).rejected()).containsExactly(Map.entry(3L, ""),
                Map.entry(4L, "why not"));
        writeFile("rejected", hex(3) + " ok\nzz top\n");
        assertThatThrownBy(() -> MirrorState.load(stateDir(), false).rejected()).isInstanceOf(JournalScanException.class)
                .hasMessage("IO: " + stateDir().resolve("rejected") + ":2: expected 16 hex digits, got 'zz'");
        assertThat(MirrorState.load(dir.resolve("none"), false).rejected()).isEmpty();
    }

    @Test
    void shouldPlaceTheStateBesideTheRootOrWhereChosenButNeverInsideIt() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        assertThat(MirrorState.defaultDirectory(root)).isEqualTo(dir.resolve(".root.kemu-state"));
        assertThat(MirrorState.locate(root, MirrorOptions.DEFAULT)).isEqualTo(dir.resolve(".root.kemu-state"));
        assertThatThrownBy(() -> MirrorState.defaultDirectory(Path.of("/"))).isInstanceOf(JournalScanException.class)
                .hasMessage("IO: mirror root / has no parent directory to keep its state beside; choose a state"
                        + " directory");
        Path chosen = dir.resolve("a/../chosen");
        assertThat(MirrorState.locate(root, MirrorOptions.DEFAULT.withStateDirectory(chosen)))
                .isEqualTo(dir.resolve("chosen"));
        Path sneaky = Files.createSymbolicLink(dir.resolve("sneaky"), Files.createDirectory(root.resolve("inside")));
        assertThatThrownBy(() -> MirrorState.locate(root, MirrorOptions.DEFAULT.withStateDirectory(sneaky)))
                .isInstanceOf(JournalScanException.class)
                .hasMessage("IO: state directory " + sneaky + " lies inside the mirror root " + root + "; it must be outside");
        Files.createDirectories(root.resolve(".kemu"));
        Files.writeString(root.resolve(".kemu/transid"), hex(1) + "\n");
        assertThatThrownBy(() -> MirrorState.locate(root, MirrorOptions.DEFAULT)).isInstanceOf(JournalScanException.class)
                .hasMessage("IO: " + root.resolve(".kemu/transid") + " is restart state kept inside the mirror by an"
                        + " older kemu; move it (and rejected beside it) to " + dir.resolve(".root.kemu-state"));
    }

    @Test
    void shouldRefuseAStateDirectoryThatIsNoDirectoryOrHoldsSomethingElse() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> MirrorState.load(plain, false)).isInstanceOf(JournalScanException.class)
                .hasMessage("IO: " + plain + " exists but is not a directory");
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("target")));
        assertThatThrownBy(() -> MirrorState.load(link, false)).isInstanceOf(JournalScanException.class)
                .hasMessage("IO: " + link + " exists but is not a directory (a symbolic link)");

        MirrorState.load(dir.resolve("absent"), false).checkOwned();
        Path empty = Files.createDirectory(dir.resolve("empty"));
        MirrorState.load(empty, false).checkOwned();
        Path busy = Files.createDirectory(dir.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> MirrorState.load(busy, false).checkOwned()).isInstanceOf(JournalScanException.class)
                .hasMessage("IO: state directory " + busy + " is not empty and holds no kemu mirror state (no transid"
                        + " file); choose an empty or new directory");
        Files.writeString(busy.resolve("transid"), hex(0) + "\n");
        MirrorState.load(busy, false).checkOwned();
        assertThat(busy.resolve("notes.txt")).hasContent("mine");
    }
}
