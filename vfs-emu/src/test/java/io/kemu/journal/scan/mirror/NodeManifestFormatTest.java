package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.op.VType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The node manifest's file format, change log, hash and directory handling, and {@link NodeMeta} and
 * {@link NodeType}, at their edges (issue 16, mutation testing).
 */
class NodeManifestFormatTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("nodes");
        Files.writeString(f, text, StandardCharsets.US_ASCII);
        return f;
    }

    private void assertMalformed(String text, String message) throws IOException {
        Path f = write(text);
        assertThatThrownBy(() -> NodeManifest.read(f)).as(text).isInstanceOf(JournalScanException.class)
                .hasMessageContaining(f + ":" + message)
                .satisfies(e -> assertThat(((JournalScanException) e).kind()).isEqualTo(ProblemKind.IO));
    }

    @Test
    void shouldRefuseEveryMalformedLineNamingIt() throws Exception {
        assertMalformed("a type=fifo\nb\n", "2: entry without fields");
        assertMalformed("a flags\n", "1: field without '=': flags");
        assertMalformed(" type=fifo\n", "1: empty path");
        assertMalformed("a rdev=12\n", "1: expected 0x-prefixed hex: 12");
        assertMalformed("a flags=7\n", "1: expected 0x-prefixed hex: 7");
        assertMalformed("a%4 type=fifo\n", "1: truncated %-escape in a%4");
        assertMalformed("a type=door\n", "1: unknown node type 'door'");
        assertMalformed("a\n", "1: entry without fields");
    }

    @Test
    void shouldReadEveryFieldBack() throws Exception {
        NodeManifest m = NodeManifest.read(write(". flags=0x2\n%25%3D%7E~! type=chr rdev=0xffffffffffffffff"
                + " major=18446744073709551615 minor=0 mode=1000 flags=0x10 xattr.user.%20x=00ff\n"));
        assertThat(m.get("")).hasValueSatisfying(meta -> assertThat(meta.flags()).isEqualTo(2));
        NodeMeta meta = m.get("%=~~!").orElseThrow();
        assertThat(meta.type()).isEqualTo(NodeType.CHR);
        assertThat(meta.rdev()).isEqualTo(-1L);
        assertThat(meta.major()).isEqualTo(-1L);
        assertThat(meta.minor()).isZero();
        assertThat(meta.mode()).isEqualTo(01000);
        assertThat(meta.flags()).isEqualTo(0x10);
        assertThat(meta.xattrs()).containsOnlyKeys("user. x");
        assertThat(meta.xattrs().get("user. x")).containsExactly(0, 0xff);
        assertThat(m.isDirty()).isFalse();
        assertThat(m.drainChanges()).isEmpty();
        assertThat(m.render()).isEqualTo("%25%3D~~! type=chr rdev=0xffffffffffffffff"
                + " major=18446744073709551615 minor=0 mode=1000 flags=0x10 xattr.user.%20x=00ff\n. flags=0x2\n");
        assertThat(NodeManifest.read(dir.resolve("absent")).isEmpty()).isTrue();
    }

    @Test
    void shouldEscapeExactlyTheBytesOutsideThePrintableRangeAndTheSeparators() {
        assertThat(NodeManifest.escape("!~ \u007f%=a")).isEqualTo("!~%20%7F%25%3Da");
        assertThat(NodeManifest.escape("\u0001é")).isEqualTo("%01%C3%A9");
        assertThat(NodeManifest.unescape("%41%c3%A9b")).isEqualTo("Aéb");
        assertThat(NodeManifest.unescape("%41")).isEqualTo("A");
        assertThatThrownBy(() -> NodeManifest.unescape("%4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truncated %-escape in %4");
    }

    @Test
    void shouldLogEachChangedPathsFinalStateOnceInOrderOfFirstChange() {
        NodeManifest m = new NodeManifest();
        m.put("a", new NodeMeta().type(NodeType.FIFO));
        m.put("", new NodeMeta().flags(1));
        m.put("b c", new NodeMeta().type(NodeType.SOCK));
        m.put("a", new NodeMeta().type(NodeType.SOCK));
        m.remove("a");
        assertThat(m.drainChanges()).containsExactly("r a", "m . flags=0x1", "m b%20c type=sock");
        assertThat(m.drainChanges()).isEmpty();
        m.remove("absent");
        m.put("absent", new NodeMeta());
        m.put("b c", new NodeMeta().type(NodeType.SOCK));
        assertThat(m.drainChanges()).isEmpty();
        m.remove("");
        assertThat(m.drainChanges()).containsExactly("r .");
    }

    @Test
    void shouldReplayLoggedChangesOntoAnyEarlierFile() throws Exception {
        NodeManifest m = new NodeManifest();
        m.put("gone", new NodeMeta().type(NodeType.FIFO));
        m.markClean();
        m.replay(List.of("m a type=fifo", "r gone", "m . flags=0x4", "m b type=blk rdev=0x1", "r b", "r a%20b"));
        assertThat(m.isDirty()).isTrue();
        assertThat(m.drainChanges()).isEmpty();
        assertThat(m.render()).isEqualTo(". flags=0x4\na type=fifo\n");
        m.replay(List.of("r ."));
        assertThat(m.render()).isEqualTo("a type=fifo\n");
        for (String bad : List.of("r ", "x a", "m", "m a")) {
            assertThatThrownBy(() -> m.replay(List.of(bad))).as(bad).isInstanceOf(JournalScanException.class)
                    .hasMessageStartingWith("IO: logged manifest change: ");
        }
        assertThatThrownBy(() -> m.replay(List.of("r "))).hasMessage("IO: logged manifest change: not a manifest"
                + " change: 'r '");
        NodeManifest clean = new NodeManifest();
        clean.replay(List.of());
        assertThat(clean.isDirty()).isFalse();
    }

    @Test
    void shouldTrackDirtinessOnlyForRealChanges() {
        NodeManifest m = new NodeManifest();
        assertThat(m.isDirty()).isFalse();
        m.put("a", new NodeMeta());
        assertThat(m.isDirty()).isFalse();
        m.remove("a");
        assertThat(m.isDirty()).isFalse();
        m.put("a", new NodeMeta().flags(1));
        assertThat(m.isDirty()).isTrue();
        m.markClean();
        m.put("a", new NodeMeta().flags(1));
        assertThat(m.isDirty()).isFalse();
        m.put("a", new NodeMeta().flags(2));
        assertThat(m.isDirty()).isTrue();
        m.markClean();
        m.put("a", new NodeMeta());
        assertThat(m.isDirty()).isTrue();
        assertThat(m.isEmpty()).isTrue();
        m.markClean();
        m.removeTree("a");
        assertThat(m.isDirty()).isFalse();
        m.put("b", new NodeMeta().flags(1));
        m.markClean();
        m.remove("b");
        assertThat(m.isDirty()).isTrue();
    }

    @Test
    void shouldHashTheLinesAsAMultisetAndNoneAsADash() throws Exception {
        NodeManifest m = new NodeManifest();
        assertThat(m.hash()).isEqualTo("-");
        assertThat(NodeManifest.legacyHashOf(null)).isEqualTo("-");
        m.put("p", new NodeMeta().type(NodeType.FIFO));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("p type=fifo\n".getBytes(StandardCharsets.US_ASCII));
        String expected = "s" + HexFormat.of().formatHex(digest, 0, 16);
        assertThat(m.hash()).as("one line: its own digest").isEqualTo(expected).hasSize(33);
        m.put("q", new NodeMeta().type(NodeType.SOCK));
        String both = m.hash();
        assertThat(both).isNotEqualTo(expected).startsWith("s").hasSize(33);
        m.put("q", new NodeMeta().type(NodeType.FIFO));
        assertThat(m.hash()).as("a changed line").isNotEqualTo(both);
        m.put("q", new NodeMeta().type(NodeType.SOCK));
        assertThat(m.hash()).as("changed back").isEqualTo(both);
        m.remove("q");
        assertThat(m.hash()).isEqualTo(expected);
        m.removeTree("");
        assertThat(m.hash()).isEqualTo("-");
    }

    @Test
    void shouldHashTheSameContentsAlikeWhateverTheOrderOrTheWayTheyCame() throws Exception {
        NodeManifest a = new NodeManifest();
        NodeManifest b = new NodeManifest();
        java.util.Random random = new java.util.Random(7);
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            paths.add("d" + random.nextInt(20) + "/f" + i);
        }
        for (String p : paths) {
            a.put(p, new NodeMeta().flags(random.nextInt(4) + 1));
            a.put(p + "x", new NodeMeta().type(NodeType.FIFO));
        }
        for (String p : paths) {
            a.remove(p + "x");
        }
        java.util.Collections.shuffle(paths, random);
        for (String p : paths) {
            b.put(p, a.get(p).orElseThrow());
        }
        assertThat(b.render()).isEqualTo(a.render());
        assertThat(b.hash()).isEqualTo(a.hash());
        NodeManifest c = NodeManifest.read(write(a.render()));
        assertThat(c.hash()).as("read back from its file").isEqualTo(a.hash());
    }

    @Test
    void shouldMatchTheHashAnOlderKemuLoggedAsWellAsItsOwn() {
        NodeManifest m = new NodeManifest();
        assertThat(m.matchesHash("-")).isTrue();
        m.put("p", new NodeMeta().type(NodeType.FIFO));
        m.put("d/q", new NodeMeta().flags(2));
        String legacy = NodeManifest.legacyHashOf(m.render());
        assertThat(legacy).hasSize(32);
        assertThat(m.matchesHash(legacy)).isTrue();
        assertThat(m.matchesHash(m.hash())).isTrue();
        assertThat(m.matchesHash("-")).isFalse();
        String before = m.hash();
        m.put("d/q", new NodeMeta().flags(3));
        assertThat(m.matchesHash(legacy)).as("an older kemu's hash of other contents").isFalse();
        assertThat(m.matchesHash(before)).isFalse();
    }

    @Test
    void shouldTreatOnlyPathsBelowADirectoryAsItsSubtree() {
        NodeManifest m = new NodeManifest();
        for (String p : List.of("d", "d/x", "d/y/z", "d0", "d.x", "d-x", "dd", "c")) {
            m.put(p, new NodeMeta().type(NodeType.FIFO));
        }
        m.put("e/old", new NodeMeta().type(NodeType.SOCK));
        m.put("e", new NodeMeta().type(NodeType.SOCK));
        m.moveTree("d", "e");
        assertThat(m.render()).isEqualTo("c type=fifo\nd-x type=fifo\nd.x type=fifo\nd0 type=fifo\ndd type=fifo\n"
                + "e type=fifo\ne/x type=fifo\ne/y/z type=fifo\n");
        m.removeTree("e/y");
        assertThat(m.get("e/y/z")).isEmpty();
        assertThat(m.get("e/x")).isPresent();
        m.removeTree("");
        assertThat(m.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteUnderARootOnlyWhileItHasALineAndNeverThroughANonDirectory() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        NodeManifest m = new NodeManifest();
        m.writeUnder(root);
        assertThat(root.resolve(".kemu")).doesNotExist();
        m.put("f", new NodeMeta().flags(3));
        m.writeUnder(root);
        assertThat(Files.readString(NodeManifest.fileUnder(root))).isEqualTo("f flags=0x3\n");
        assertThat(NodeManifest.readUnder(root).render()).isEqualTo("f flags=0x3\n");
        m.remove("f");
        Files.writeString(root.resolve(".kemu/other"), "x");
        m.writeUnder(root);
        assertThat(NodeManifest.fileUnder(root)).doesNotExist();
        assertThat(root.resolve(".kemu/other")).exists();
        Files.delete(root.resolve(".kemu/other"));
        m.put("g", new NodeMeta().flags(1));
        m.writeUnder(root);
        m.remove("g");
        m.writeUnder(root);
        assertThat(root.resolve(".kemu")).doesNotExist();
        assertThat(NodeManifest.readUnder(root).isEmpty()).isTrue();

        Files.writeString(root.resolve(".kemu"), "not a directory");
        m.put("g", new NodeMeta().flags(1));
        assertThatThrownBy(() -> m.writeUnder(root)).isInstanceOf(IOException.class)
                .hasMessage(root.resolve(".kemu") + " exists but is not a directory");
        assertThatThrownBy(() -> NodeManifest.readUnder(root)).isInstanceOf(JournalScanException.class)
                .hasMessage("IO: " + root.resolve(".kemu") + " exists but is not a directory");
        Files.delete(root.resolve(".kemu"));
        Files.createSymbolicLink(root.resolve(".kemu"), dir);
        assertThatThrownBy(() -> m.writeUnder(root)).isInstanceOf(IOException.class)
                .hasMessageEndingWith(" exists but is not a directory (a symbolic link)");
        assertThatThrownBy(() -> NodeManifest.readUnder(root)).isInstanceOf(JournalScanException.class)
                .hasMessageEndingWith(" exists but is not a directory (a symbolic link)");
        assertThat(dir.resolve("nodes")).doesNotExist();
    }

    @Test
    void shouldWriteAFileOrDeleteItWhenEmpty() throws Exception {
        Path f = dir.resolve("nodes");
        NodeManifest m = new NodeManifest();
        m.put("a", new NodeMeta().mode(04755));
        m.write(f);
        assertThat(Files.readString(f)).isEqualTo("a mode=4755\n");
        assertThat(dir.resolve("nodes.tmp")).doesNotExist();
        m.remove("a");
        m.write(f);
        assertThat(f).doesNotExist();
        m.write(f);
        assertThat(f).doesNotExist();
    }

    @Test
    void shouldKeepOnlySpecialModeBitsAndCompareMetaByEveryField() {
        assertThat(new NodeMeta().mode(0777).mode()).isZero();
        assertThat(new NodeMeta().mode(01000).mode()).isEqualTo(01000);
        assertThat(new NodeMeta().mode(02000).mode()).isEqualTo(02000);
        assertThat(new NodeMeta().mode(0104644).mode()).isEqualTo(04644);
        assertThat(new NodeMeta().isEmpty()).isTrue();
        assertThat(new NodeMeta().mode(0644).isEmpty()).isTrue();
        assertThat(new NodeMeta().type(NodeType.SOCK).isEmpty()).isFalse();
        assertThat(new NodeMeta().device(1L, null, null).isEmpty()).isFalse();
        assertThat(new NodeMeta().device(null, 1L, null).isEmpty()).isFalse();
        assertThat(new NodeMeta().device(null, null, 1L).isEmpty()).isFalse();
        assertThat(new NodeMeta().mode(01000).isEmpty()).isFalse();
        assertThat(new NodeMeta().flags(1).isEmpty()).isFalse();
        assertThat(new NodeMeta().xattr("n", new byte[0]).isEmpty()).isFalse();

        NodeMeta full = new NodeMeta().type(NodeType.CHR).device(1L, 2L, 3L).mode(06000).flags(8)
                .xattr("a", new byte[] {1});
        NodeMeta copy = full.copy();
        assertThat(copy).isEqualTo(full).hasSameHashCodeAs(full);
        assertThat(copy).isNotSameAs(full);
        copy.xattr("a", new byte[] {2});
        assertThat(full.xattrs().get("a")).containsExactly(1);
        assertThat(copy).isNotEqualTo(full);
        assertThat(full.copy().type(NodeType.BLK)).isNotEqualTo(full);
        assertThat(full.copy().device(9L, 2L, 3L)).isNotEqualTo(full);
        assertThat(full.copy().device(1L, 9L, 3L)).isNotEqualTo(full);
        assertThat(full.copy().device(1L, 2L, 9L)).isNotEqualTo(full);
        assertThat(full.copy().mode(07000)).isNotEqualTo(full);
        assertThat(full.copy().flags(9)).isNotEqualTo(full);
        assertThat(full.copy().xattr("b", new byte[] {1})).isNotEqualTo(full);
        assertThat(full).isNotEqualTo("CHR");
        NodeMeta otherName = new NodeMeta().type(NodeType.CHR).device(1L, 2L, 3L).mode(06000).flags(8)
                .xattr("b", new byte[] {1});
        assertThat(otherName).isNotEqualTo(full);
        byte[] value = {5};
        NodeMeta held = new NodeMeta().xattr("v", value);
        value[0] = 6;
        assertThat(held.xattrs().get("v")).containsExactly(5);
        assertThatThrownBy(() -> held.xattrs().put("w", new byte[0])).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> held.xattr(null, new byte[0])).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldMapNodeTypesToTokensAndVtypes() {
        assertThat(NodeType.FIFO.token()).isEqualTo("fifo");
        assertThat(NodeType.WHITEOUT.token()).isEqualTo("whiteout");
        for (NodeType t : NodeType.values()) {
            assertThat(NodeType.fromToken(t.token())).isEqualTo(t);
        }
        assertThatThrownBy(() -> NodeType.fromToken("FIFO")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown node type 'FIFO'");
        assertThat(NodeType.ofVtype(VType.VFIFO)).isEqualTo(NodeType.FIFO);
        assertThat(NodeType.ofVtype(VType.VCHR)).isEqualTo(NodeType.CHR);
        assertThat(NodeType.ofVtype(VType.VBLK)).isEqualTo(NodeType.BLK);
        assertThat(NodeType.ofVtype(VType.VSOCK)).isEqualTo(NodeType.SOCK);
        assertThat(NodeType.ofVtype(VType.VREG)).isNull();
        assertThat(NodeType.ofVtype(VType.VDIR)).isNull();
        assertThat(NodeType.ofVtype(VType.VLNK)).isNull();
        assertThat(NodeType.ofVtype(99)).isNull();
    }
}
