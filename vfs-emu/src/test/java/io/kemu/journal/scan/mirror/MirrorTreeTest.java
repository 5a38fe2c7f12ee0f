package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.op.Vattr;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The mirror tree driven directly, without a journal (issue 16, mutation testing): path resolution
 * and its refusals, and every file-system operation's success, idempotent repeat and failure, each
 * with the kind and message a report would show.
 */
class MirrorTreeTest {
    @TempDir
    Path dir;
    Path root;
    NodeManifest manifest;
    List<String> warnings;
    MirrorTree tree;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(dir.resolve("root"));
        manifest = new NodeManifest();
        warnings = new ArrayList<>();
        tree = new MirrorTree(root, manifest, MirrorOptions.DEFAULT, warnings::add);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private MirrorTree.Node node(String rel) throws JournalScanException {
        return tree.resolveEntry(b(rel), "PATH1");
    }

    private static void fails(ProblemKind kind, String message, Executable action) {
        JournalScanException e = assertThrows(JournalScanException.class, action);
        assertThat(e.kind()).as(message).isEqualTo(kind);
        assertThat(e.reason()).isEqualTo(message);
    }

    @Test
    void shouldResolveCanonicalPathsAndRefuseEveryOther() throws Exception {
        Files.createDirectories(root.resolve("d/e"));
        Files.writeString(root.resolve("f"), "x");
        Files.createSymbolicLink(root.resolve("l"), root.resolve("d"));
        assertThat(tree.resolve(b(""), "PATH1")).isEqualTo(new MirrorTree.Node("", root));
        assertThat(tree.resolve(b("d/e/x"), "PATH1")).isEqualTo(new MirrorTree.Node("d/e/x", root.resolve("d/e/x")));
        assertThat(tree.resolve(b(".kemux"), "PATH1").rel()).isEqualTo(".kemux");
        assertThat(tree.resolve(b("d/.kemu"), "PATH1").rel()).isEqualTo("d/.kemu");
        assertThat(tree.resolve(b("l"), "PATH1").path()).isEqualTo(root.resolve("l"));
        fails(ProblemKind.MALFORMED, "the record has no PATH2", () -> tree.resolve(null, "PATH2"));
        fails(ProblemKind.REFUSED, "PATH1 names the mount root itself", () -> tree.resolveEntry(b(""), "PATH1"));
        fails(ProblemKind.REFUSED, "PATH1 '/d': absolute path", () -> node("/d"));
        for (String bad : List.of("d//e", "d/./e", "d/", "./d", ".")) {
            fails(ProblemKind.REFUSED, "PATH1 '" + bad + "': not a canonical relative path (empty or '.' component)",
                    () -> node(bad));
        }
        fails(ProblemKind.REFUSED, "PATH1 'd/../f': '..' component", () -> node("d/../f"));
        fails(ProblemKind.REFUSED, "PATH1 '..': '..' component", () -> node(".."));
        fails(ProblemKind.REFUSED, "PATH1 '.kemu/nodes': '.kemu' is reserved for the node manifest", () -> node(".kemu/nodes"));
        fails(ProblemKind.REFUSED, "PATH1 '.kemu': '.kemu' is reserved for the node manifest", () -> node(".kemu"));
        fails(ProblemKind.FAILED, "PATH1 'd/e/no/x': parent directory 'd/e/no' does not exist", () -> node("d/e/no/x"));
        fails(ProblemKind.FAILED, "PATH1 'no/x': parent directory 'no' does not exist", () -> node("no/x"));
        fails(ProblemKind.REFUSED, "PATH1 'l/e': path component 'l' is a symbolic link", () -> node("l/e"));
        fails(ProblemKind.FAILED, "PATH1 'f/x': 'f' is not a directory", () -> node("f/x"));
        fails(ProblemKind.REFUSED, "PATH1 contains a NUL byte", () -> tree.resolve(new byte[] {'a', 0}, "PATH1"));
        fails(ProblemKind.UNSUPPORTED, "PATH1 is not valid UTF-8", () -> tree.resolve(new byte[] {'a', (byte) 0xff}, "PATH1"));
        assertThat(MirrorTree.decode(b("é/x"), "PATH1")).isEqualTo("é/x");
    }

    @Test
    void shouldCreateRegularFilesOnceAndNeverThroughSymlinksOrOverOtherTypes() throws Exception {
        MirrorTree.Node f = node("f");
        manifest.put("f", new NodeMeta().type(NodeType.WHITEOUT));
        assertThat(tree.createRegularFile(f)).isTrue();
        assertThat(manifest.get("f")).isEmpty();
        Files.writeString(root.resolve("f"), "keep");
        manifest.put("f", new NodeMeta().type(NodeType.WHITEOUT));
        assertThat(tree.createRegularFile(f)).isFalse();
        assertThat(root.resolve("f")).hasContent("keep");
        assertThat(manifest.get("f")).isEmpty();
        Files.createDirectory(root.resolve("d"));
        fails(ProblemKind.FAILED, "'d' is not a regular file", () -> tree.createRegularFile(node("d")));
        Files.createSymbolicLink(root.resolve("l"), root.resolve("f"));
        fails(ProblemKind.REFUSED, "path 'l': is a symbolic link; file data is never written through one",
                () -> tree.createRegularFile(node("l")));
        fails(ProblemKind.FAILED, "'gone' does not exist", () -> tree.setSize(node("gone"), 1));
        manifest.put("w", new NodeMeta().flags(1));
        assertThat(tree.createRegularFile(node("w"))).isTrue();
        assertThat(manifest.get("w")).isPresent();
    }

    @Test
    void shouldTruncateOrExtendToTheExactSize() throws Exception {
        MirrorTree.Node f = node("f");
        Files.writeString(root.resolve("f"), "0123456789");
        tree.setSize(f, 4);
        assertThat(root.resolve("f")).hasContent("0123");
        tree.setSize(f, 4);
        assertThat(Files.size(root.resolve("f"))).isEqualTo(4);
        tree.setSize(f, 6);
        assertThat(Files.readAllBytes(root.resolve("f"))).containsExactly('0', '1', '2', '3', 0, 0);
        tree.setSize(f, 0);
        assertThat(Files.size(root.resolve("f"))).isZero();
        tree.setSize(f, 1);
        assertThat(Files.readAllBytes(root.resolve("f"))).containsExactly(0);
        fails(ProblemKind.MALFORMED, "negative SIZE -1", () -> tree.setSize(f, -1));
        assertThat(Files.size(root.resolve("f"))).isEqualTo(1);
    }

    @Test
    void shouldRecordSpecialNodesAndRefuseWhatIsInTheWay() throws Exception {
        MirrorTree.Node p = node("p");
        tree.createSpecial(p, NodeType.FIFO, new Vattr());
        assertThat(root.resolve("p")).isRegularFile().isEmptyFile();
        assertThat(manifest.render()).isEqualTo("p type=fifo\n");
        tree.createSpecial(p, NodeType.FIFO, new Vattr());
        assertThat(manifest.render()).isEqualTo("p type=fifo\n");
        fails(ProblemKind.FAILED, "'p' already exists", () -> tree.createSpecial(p, NodeType.SOCK, new Vattr()));
        tree.createSpecial(node("c"), NodeType.CHR, new Vattr());
        assertThat(manifest.get("c")).hasValueSatisfying(m -> {
            assertThat(m.type()).isEqualTo(NodeType.CHR);
            assertThat(m.rdev()).isNull();
        });
        manifest.put("s", new NodeMeta().type(NodeType.SOCK).device(1L, 2L, 3L));
        Files.createFile(root.resolve("s"));
        tree.createSpecial(node("s"), NodeType.SOCK, new Vattr());
        assertThat(manifest.get("s")).hasValueSatisfying(m -> assertThat(m.rdev()).isNull());

        Files.createFile(root.resolve("own"));
        fails(ProblemKind.FAILED, "'own' already exists", () -> tree.createSpecial(node("own"), NodeType.FIFO, new Vattr()));
        tree.recovering(true);
        tree.createSpecial(node("own"), NodeType.FIFO, new Vattr());
        assertThat(manifest.get("own")).hasValueSatisfying(m -> assertThat(m.type()).isEqualTo(NodeType.FIFO));
        Files.writeString(root.resolve("full"), "data");
        fails(ProblemKind.FAILED, "'full' already exists", () -> tree.createSpecial(node("full"), NodeType.FIFO, new Vattr()));
        Files.createDirectory(root.resolve("d"));
        fails(ProblemKind.FAILED, "'d' already exists", () -> tree.createSpecial(node("d"), NodeType.FIFO, new Vattr()));
        tree.recovering(false);
        Files.createSymbolicLink(root.resolve("l"), root.resolve("p"));
        fails(ProblemKind.REFUSED, "path 'l': is a symbolic link", () -> tree.createSpecial(node("l"), NodeType.FIFO,
                new Vattr()));
    }

    @Test
    void shouldCreateSymlinksThatStayInsideOnlyAndOnlyOnce() throws Exception {
        Files.createDirectories(root.resolve("d/e"));
        fails(ProblemKind.MALFORMED, "the record has no SYMLINKDATA", () -> tree.createSymlink(node("l"), null));
        fails(ProblemKind.REFUSED, "SYMLINKDATA '': NUL inside a symlink target",
                () -> tree.createSymlink(node("l"), new byte[] {'a', 0, 'b'}));
        fails(ProblemKind.FAILED, "empty symlink target for 'l'", () -> tree.createSymlink(node("l"), new byte[0]));
        fails(ProblemKind.REFUSED, "symlink 'l': target '/etc' is absolute (points outside the mirror)",
                () -> tree.createSymlink(node("l"), b("/etc")));
        fails(ProblemKind.REFUSED, "symlink 'l': target '..' climbs out of the mirror root",
                () -> tree.createSymlink(node("l"), b("..")));
        fails(ProblemKind.REFUSED, "symlink 'd/e/l': target '../../../x' climbs out of the mirror root",
                () -> tree.createSymlink(node("d/e/l"), b("../../../x")));
        fails(ProblemKind.REFUSED, "symlink 'd/l': target 'e/../../x' has '..' after a name (a symlink on the way could"
                + " lead it out of the mirror root)", () -> tree.createSymlink(node("d/l"), b("e/../../x")));
        fails(ProblemKind.REFUSED, "symlink 'd/l': target 'e/..' has '..' after a name (a symlink on the way could"
                + " lead it out of the mirror root)", () -> tree.createSymlink(node("d/l"), b("e/..")));
        tree.createSymlink(node("d/e/up"), b("../../x"));
        tree.createSymlink(node("d/dot"), b("./../x"));
        tree.createSymlink(node("d/e/same"), b("."));
        assertThat(Files.readSymbolicLink(root.resolve("d/e/up"))).isEqualTo(Path.of("../../x"));
        assertThat(Files.readSymbolicLink(root.resolve("d/dot"))).isEqualTo(Path.of("./../x"));
        assertThat(warnings).isEmpty();

        manifest.put("l", new NodeMeta().type(NodeType.WHITEOUT));
        tree.createSymlink(node("l"), b("d//e"));
        assertThat(Files.readSymbolicLink(root.resolve("l"))).isEqualTo(Path.of("d/e"));
        assertThat(warnings).containsExactly("symlink 'l': target 'd//e' stored as 'd/e' (Java normalises redundant"
                + " slashes)");
        assertThat(manifest.get("l")).isEmpty();
        manifest.put("l", new NodeMeta().type(NodeType.WHITEOUT));
        tree.createSymlink(node("l"), b("d/e"));
        assertThat(manifest.get("l")).isEmpty();
        fails(ProblemKind.FAILED, "'l' already exists", () -> tree.createSymlink(node("l"), b("d")));
        Files.writeString(root.resolve("f"), "x");
        fails(ProblemKind.FAILED, "'f' already exists", () -> tree.createSymlink(node("f"), b("d")));

        MirrorTree outward = new MirrorTree(root, manifest, MirrorOptions.FAITHFUL, warnings::add);
        outward.createSymlink(outward.resolveEntry(b("out"), "PATH1"), b("/etc"));
        assertThat(Files.readSymbolicLink(root.resolve("out"))).isEqualTo(Path.of("/etc"));
    }

    @Test
    void shouldLinkOnlyExistingNonDirectoriesAndCopyTheirManifestEntry() throws Exception {
        Files.createDirectories(root.resolve("d/e"));
        Files.writeString(root.resolve("f"), "x");
        manifest.put("f", new NodeMeta().flags(4));
        fails(ProblemKind.FAILED, "link source 'no' does not exist", () -> tree.link(node("no"), node("g")));
        fails(ProblemKind.FAILED, "link source 'd' is a directory", () -> tree.link(node("d"), node("g")));
        manifest.put("g", new NodeMeta().type(NodeType.WHITEOUT));
        tree.link(node("f"), node("g"));
        assertThat(Files.isSameFile(root.resolve("f"), root.resolve("g"))).isTrue();
        assertThat(manifest.get("g")).hasValueSatisfying(m -> assertThat(m.flags()).isEqualTo(4));
        manifest.remove("g");
        tree.link(node("f"), node("g"));
        assertThat(manifest.get("g")).hasValueSatisfying(m -> assertThat(m.flags()).isEqualTo(4));
        Files.writeString(root.resolve("other"), "y");
        fails(ProblemKind.FAILED, "'other' already exists", () -> tree.link(node("f"), node("other")));

        Files.createSymbolicLink(root.resolve("d/up"), Path.of("../f"));
        fails(ProblemKind.REFUSED, "symlink 'up': target '../f' climbs out of the mirror root",
                () -> tree.link(node("d/up"), node("up")));
        tree.link(node("d/up"), node("d/e/up"));
        assertThat(Files.isSymbolicLink(root.resolve("d/e/up"))).isTrue();
        MirrorTree outward = new MirrorTree(root, manifest, MirrorOptions.FAITHFUL, warnings::add);
        outward.link(node("d/up"), node("up"));
        assertThat(Files.isSymbolicLink(root.resolve("up"))).isTrue();
    }

    @Test
    void shouldUnlinkAndRemoveDirectoriesWarningOfWhatWasAlreadyGone() throws Exception {
        Files.createDirectories(root.resolve("d/e"));
        Files.writeString(root.resolve("f"), "x");
        manifest.put("f", new NodeMeta().flags(1));
        manifest.put("gone", new NodeMeta().flags(1));
        manifest.put("d/e/w", new NodeMeta().type(NodeType.WHITEOUT));
        tree.unlink(node("f"));
        assertThat(root.resolve("f")).doesNotExist();
        assertThat(manifest.get("f")).isEmpty();
        tree.unlink(node("gone"));
        assertThat(warnings).containsExactly("remove: 'gone' was already absent");
        assertThat(manifest.get("gone")).isEmpty();
        fails(ProblemKind.FAILED, "remove: 'd' is a directory", () -> tree.unlink(node("d")));
        fails(ProblemKind.FAILED, "rmdir: 'd' is not empty", () -> tree.rmdir(node("d")));
        Files.writeString(root.resolve("g"), "x");
        fails(ProblemKind.FAILED, "rmdir: 'g' is not a directory", () -> tree.rmdir(node("g")));
        tree.rmdir(node("d/e"));
        assertThat(root.resolve("d/e")).doesNotExist();
        assertThat(manifest.get("d/e/w")).isEmpty();
        tree.rmdir(node("d/e"));
        assertThat(warnings).endsWith("rmdir: 'd/e' was already absent");
        tree.recovering(true);
        manifest.put("x/y", new NodeMeta().type(NodeType.WHITEOUT));
        manifest.put("z", new NodeMeta().flags(1));
        tree.rmdir(node("x"));
        tree.unlink(node("z"));
        assertThat(warnings).hasSize(2);
        assertThat(manifest.isEmpty()).isTrue();
    }

    @Test
    void shouldMakeDirectoriesOnce() throws Exception {
        manifest.put("d", new NodeMeta().type(NodeType.WHITEOUT));
        assertThat(tree.mkdir(node("d"))).isTrue();
        assertThat(root.resolve("d")).isDirectory();
        assertThat(manifest.get("d")).isEmpty();
        manifest.put("d", new NodeMeta().type(NodeType.WHITEOUT));
        assertThat(tree.mkdir(node("d"))).isFalse();
        assertThat(manifest.get("d")).isEmpty();
        Files.writeString(root.resolve("f"), "x");
        fails(ProblemKind.FAILED, "mkdir: 'f' already exists", () -> tree.mkdir(node("f")));
    }

    @Test
    void shouldRenameReplacingTheTargetAndRefuseImpossibleMoves() throws Exception {
        Files.createDirectories(root.resolve("d/e"));
        Files.writeString(root.resolve("a"), "A");
        Files.writeString(root.resolve("b"), "B");
        manifest.put("a", new NodeMeta().flags(1));
        fails(ProblemKind.FAILED, "rename: 'no' does not exist", () -> tree.rename(node("no"), node("c")));
        fails(ProblemKind.FAILED, "rename: 'no' does not exist ('b' does: the mirror is not where the journal expects it)",
                () -> tree.rename(node("no"), node("b")));
        tree.rename(node("a"), node("a"));
        assertThat(root.resolve("a")).hasContent("A");
        fails(ProblemKind.FAILED, "rename: cannot move 'd' to 'd/e/x'", () -> tree.rename(node("d"), node("d/e/x")));
        tree.rename(node("a"), node("b"));
        assertThat(root.resolve("a")).doesNotExist();
        assertThat(root.resolve("b")).hasContent("A");
        assertThat(manifest.render()).isEqualTo("b flags=0x1\n");
        tree.rename(node("d"), node("dd"));
        assertThat(root.resolve("dd/e")).isDirectory();

        Files.createSymbolicLink(root.resolve("dd/e/up"), Path.of("../../b"));
        fails(ProblemKind.REFUSED, "symlink 'up': target '../../b' climbs out of the mirror root",
                () -> tree.rename(node("dd/e/up"), node("up")));
        fails(ProblemKind.REFUSED, "symlink 'e/up': target '../../b' climbs out of the mirror root",
                () -> tree.rename(node("dd/e"), node("e")));
        tree.rename(node("dd/e"), node("dd/f"));
        assertThat(Files.isSymbolicLink(root.resolve("dd/f/up"))).isTrue();
        Files.createDirectories(root.resolve("x/y"));
        tree.rename(node("dd"), node("x/y/dd"));
        assertThat(Files.isSymbolicLink(root.resolve("x/y/dd/f/up"))).isTrue();
        Files.writeString(root.resolve("plain"), "p");
        tree.rename(node("plain"), node("x/plain"));
        assertThat(root.resolve("x/plain")).hasContent("p");

        tree.recovering(true);
        manifest.put("moved/p", new NodeMeta().type(NodeType.FIFO));
        tree.rename(node("moved"), node("b"));
        assertThat(manifest.render()).isEqualTo("b/p type=fifo\n");
    }

    @Test
    void shouldToggleWhiteoutsAndSetExtattrsOnExistingEntriesOnly() throws Exception {
        tree.toggleWhiteout(node("w"));
        assertThat(manifest.render()).isEqualTo("w type=whiteout\n");
        tree.toggleWhiteout(node("w"));
        assertThat(manifest.isEmpty()).isTrue();
        Files.writeString(root.resolve("f"), "x");
        fails(ProblemKind.FAILED, "whiteout: 'f' exists", () -> tree.toggleWhiteout(node("f")));
        manifest.put("f", new NodeMeta().flags(2));
        fails(ProblemKind.FAILED, "whiteout: 'f' exists", () -> tree.toggleWhiteout(node("f")));
        fails(ProblemKind.FAILED, "'g' does not exist", () -> tree.setExtattr(node("g"), "user.a", new byte[0]));
        tree.setExtattr(node("f"), "user.a", new byte[] {7});
        assertThat(manifest.render()).isEqualTo("f flags=0x2 xattr.user.a=07\n");
        tree.link(node("f"), node("h"));
        tree.setExtattr(node("h"), "user.b", new byte[] {8});
        assertThat(manifest.render()).isEqualTo("f flags=0x2 xattr.user.a=07 xattr.user.b=08\n"
                + "h flags=0x2 xattr.user.a=07 xattr.user.b=08\n");
        Files.createDirectory(root.resolve("d"));
        tree.setExtattr(node("d"), "user.c", new byte[0]);
        assertThat(manifest.get("d")).hasValueSatisfying(m -> assertThat(m.xattrs()).containsOnlyKeys("user.c"));
    }

    @Test
    void shouldFindHardLinkedNamesMadeOutsideTheMirrorByWalking() throws Exception {
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("f"), "x");
        Files.createLink(root.resolve("d/g"), root.resolve("f"));
        Files.createLink(root.resolve("h"), root.resolve("f"));
        Files.createDirectories(root.resolve(".kemu"));
        Files.createLink(root.resolve(".kemu/hidden"), root.resolve("f"));
        tree.setExtattr(node("f"), "user.a", new byte[] {1});
        assertThat(manifest.render()).isEqualTo("d/g xattr.user.a=01\nf xattr.user.a=01\nh xattr.user.a=01\n");
        Files.delete(root.resolve("h"));
        Files.createLink(root.resolve("k"), root.resolve("f"));
        tree.setExtattr(node("d/g"), "user.b", new byte[] {2});
        assertThat(manifest.get("k")).hasValueSatisfying(m -> assertThat(m.xattrs()).containsOnlyKeys("user.b"));
        assertThat(manifest.get("h").orElseThrow().xattrs()).containsOnlyKeys("user.a");
        assertThat(manifest.get("f").orElseThrow().xattrs()).containsOnlyKeys("user.a", "user.b");
    }

    @Test
    void shouldMapModeBitsToPermissionsAndDescribeErrorsWithoutPaths() {
        assertThat(PosixFilePermissions.toString(MirrorTree.permissions(0754))).isEqualTo("rwxr-xr--");
        assertThat(PosixFilePermissions.toString(MirrorTree.permissions(04001))).isEqualTo("--------x");
        assertThat(PosixFilePermissions.toString(MirrorTree.permissions(0400))).isEqualTo("r--------");
        assertThat(MirrorTree.describe(new AccessDeniedException("/secret/path", null, "Permission denied")))
                .isEqualTo("AccessDeniedException (Permission denied)");
        assertThat(MirrorTree.describe(new AccessDeniedException("/secret/path"))).isEqualTo("AccessDeniedException");
        assertThat(MirrorTree.describe(new IOException("short\nread"))).isEqualTo("IOException (short\\nread)");
        assertThat(MirrorTree.describe(new IOException())).isEqualTo("IOException");
        assertThat(Files.exists(dir.resolve("root"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
