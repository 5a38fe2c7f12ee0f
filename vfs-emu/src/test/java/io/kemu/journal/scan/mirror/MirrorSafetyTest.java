package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.TreeSnapshot;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.RecordType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No record may create, change or follow anything outside the mirror root: such a record is refused
 * with its transid and offset, and the rest of the stream still applies. A canary directory next to
 * the root must stay exactly as it was.
 */
class MirrorSafetyTest {
    @TempDir
    Path dir;
    Path root;
    Path canary;
    Map<String, String> canaryBefore;
    FileTime canaryTime;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(dir.resolve("mirror"));
        canary = Files.createDirectory(dir.resolve("canary"));
        Files.writeString(canary.resolve("secret"), "untouched");
        canaryTime = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(canary.resolve("secret"), canaryTime);
        canaryBefore = TreeSnapshot.of(canary);
    }

    private void assertCanaryUntouched() throws Exception {
        assertThat(TreeSnapshot.of(canary)).isEqualTo(canaryBefore);
        assertThat(Files.getLastModifiedTime(canary.resolve("secret"))).isEqualTo(canaryTime);
        assertThat(Files.getAttribute(canary.resolve("secret"), "unix:uid")).isEqualTo(
                Files.getAttribute(dir, "unix:uid"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Applies the transactions followed by a harmless "ok" create, returning the report. */
    private MirrorReport applyThenOk(MirrorOptions options, byte[]... transactions) throws Exception {
        StreamWriter w = new StreamWriter(500);
        for (byte[] t : transactions) {
            w.single(t);
        }
        w.single(Vops.create("ok", 0644));
        MirrorReport r = Mirror.apply(w.chunks(1000), root, options);
        assertThat(root.resolve("ok")).as("the rest of the stream still applies").exists();
        assertCanaryUntouched();
        return r;
    }

    private static void assertRefused(MirrorReport r, String... reasons) {
        List<ScanProblem> problems = new ArrayList<>(r.problems());
        assertThat(problems).hasSize(reasons.length);
        for (int i = 0; i < reasons.length; i++) {
            ScanProblem p = problems.get(i);
            assertThat(p.kind()).isEqualTo(ProblemKind.REFUSED);
            assertThat(p.transid()).isPresent();
            assertThat(p.offset()).isNotNegative();
            assertThat(p.message()).contains(reasons[i]);
            assertThat(p.toString()).contains("offset " + p.offset()).contains("transid 0x");
        }
    }

    @Test
    void shouldRefuseDotDotAndAbsolutePaths() throws Exception {
        MirrorReport r = applyThenOk(MirrorOptions.DEFAULT, Vops.create("../canary/evil", 0644),
                Vops.mkdir("/tmp/kemu-evil", 0755), Vops.rename("ok-not-yet", "../canary/secret", null),
                Vops.write("a/../../canary/secret", 0, null, utf8("pwned")));
        assertRefused(r, "'..' component", "absolute path", "'..' component", "'..' component");
        assertThat(Path.of("/tmp/kemu-evil")).doesNotExist();
        assertThat(r.rejected()).isEqualTo(4);
    }

    @Test
    void shouldRefuseNonCanonicalPathsAndTheManifestDirectory() throws Exception {
        MirrorReport r = applyThenOk(MirrorOptions.DEFAULT, Vops.whiteout("w"), Vops.create("a//b", 0644),
                Vops.create("./x", 0644), Vops.create("d/", 0644), Vops.create(".kemu/nodes", 0644),
                Vops.remove(".kemu", null));
        assertRefused(r, "not a canonical", "not a canonical", "not a canonical", "reserved", "reserved");
        assertThat(root.resolve(".kemu/nodes")).hasContent("w type=whiteout\n");
        assertThat(dir.resolve(".mirror.kemu-state/transid")).exists();
        assertThat(root.resolve(".kemu/transid")).doesNotExist();
    }

    @Test
    void shouldRefuseSymlinksPointingOutOfTheRoot() throws Exception {
        MirrorReport r = applyThenOk(MirrorOptions.DEFAULT, Vops.mkdir("d", 0755), Vops.symlink("abs", "/etc"),
                Vops.symlink("d/up", "../../canary"), Vops.symlink("d/fine", "../ok"));
        assertRefused(r, "is absolute", "climbs out of the mirror root");
        assertThat(root.resolve("abs")).doesNotExist();
        assertThat(Files.readSymbolicLink(root.resolve("d/fine"))).hasToString("../ok");
    }

    @Test
    void shouldNeverTraverseOrWriteThroughASymlinkEvenWhenOutwardSymlinksAreAllowed() throws Exception {
        MirrorOptions allow = MirrorOptions.DEFAULT.withAllowOutwardSymlinks(true);
        MirrorReport r = applyThenOk(allow, Vops.symlink("out", "../canary"), Vops.symlink("file", "../canary/secret"),
                Vops.create("out/evil", 0644), Vops.write("file", 0, null, utf8("pwned")),
                Vops.setattr("file", w -> w.u32(RecordType.MODES, 0777).u64(RecordType.SIZE, 0)
                        .time(RecordType.MTIME, 5, 0), null),
                Vops.mkdir("out/sub", 0755), Vops.rename("out/secret", "stolen", null),
                Vops.setextattr("out/secret", "user.x", new byte[0]));
        assertRefused(r, "component 'out' is a symbolic link", "is a symbolic link", "component 'out' is a symbolic link",
                "component 'out' is a symbolic link", "component 'out' is a symbolic link");
        assertThat(Files.readSymbolicLink(root.resolve("out"))).hasToString("../canary");
        assertThat(root.resolve("stolen")).doesNotExist();
    }

    @Test
    void shouldActOnASymlinkItselfNotItsTarget() throws Exception {
        MirrorOptions allow = MirrorOptions.DEFAULT.withAllowOutwardSymlinks(true);
        MirrorReport r = applyThenOk(allow, Vops.symlink("l", "../canary/secret"), Vops.link("hard", "l"),
                Vops.rename("l", "moved", null), Vops.remove("hard", null), Vops.remove("moved", null));
        assertThat(r.problems()).isEmpty();
        assertThat(root.resolve("moved")).doesNotExist();
        assertThat(canary.resolve("secret")).hasContent("untouched");
    }

    @Test
    void shouldRefuseWritingIntoAFileReplacedByASymlinkInTheMirror() throws Exception {
        Mirror.open(root, MirrorOptions.DEFAULT).close();
        Files.createSymbolicLink(root.resolve("victim"), canary.resolve("secret"));
        MirrorReport r = applyThenOk(MirrorOptions.DEFAULT, Vops.write("victim", 0, null, utf8("pwned")),
                Vops.create("victim", 0600), Vops.mknod("victim", io.kemu.journal.scan.op.VType.VFIFO, 0600, 0, 0, 0));
        assertRefused(r, "symbolic link", "symbolic link", "symbolic link");
    }

    @Test
    void shouldRefuseToKeepTheManifestThroughASymlinkedDirectory() throws Exception {
        Mirror.open(root, MirrorOptions.DEFAULT).close();
        Files.createSymbolicLink(root.resolve(".kemu"), canary);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mirror.open(root, MirrorOptions.DEFAULT))
                .isInstanceOf(io.kemu.journal.scan.JournalScanException.class)
                .hasMessageContaining("is not a directory (a symbolic link)");
        assertCanaryUntouched();
    }

    @Test
    void shouldRefuseToKeepStateThroughASymlinkedStateDirectory() throws Exception {
        Files.createSymbolicLink(dir.resolve(".mirror.kemu-state"), canary);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mirror.open(root, MirrorOptions.DEFAULT))
                .isInstanceOf(io.kemu.journal.scan.JournalScanException.class)
                .hasMessageContaining("is not a directory (a symbolic link)");
        assertCanaryUntouched();
    }

    @Test
    void shouldRefuseAStateDirectoryInsideTheMirrorRoot() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> Mirror.open(root, MirrorOptions.DEFAULT.withStateDirectory(root.resolve("sub/state"))))
                .isInstanceOf(io.kemu.journal.scan.JournalScanException.class)
                .hasMessageContaining("lies inside the mirror root");
        assertThat(root.resolve("sub")).doesNotExist();
    }

    @Test
    void shouldRefuseARootThatStillHoldsTheStateOfAnOlderKemu() throws Exception {
        Files.createDirectories(root.resolve(".kemu"));
        Files.writeString(root.resolve(".kemu/transid"), "0000000000000010\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mirror.open(root, MirrorOptions.DEFAULT))
                .isInstanceOf(io.kemu.journal.scan.JournalScanException.class)
                .hasMessageContaining("older kemu").hasMessageContaining(".mirror.kemu-state");
    }
}
