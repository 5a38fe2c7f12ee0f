package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeManifestTest {
    @TempDir
    Path dir;

    @Test
    void shouldRenderFieldsInTheDocumentedOrderWithEscapedNamesSortedByEscapedPath() {
        NodeManifest m = new NodeManifest();
        m.put("z", new NodeMeta().type(NodeType.BLK).device(0x801L, 8L, 1L).mode(06755).flags(0x20));
        m.put("a b/é", new NodeMeta().xattr("user.z", new byte[] {1}).xattr("user.=a", new byte[0]));
        m.put("", new NodeMeta().flags(2));
        m.put("plain", new NodeMeta().mode(0644));
        assertThat(m.render()).isEqualTo(
                ". flags=0x2\n"
                + "a%20b/%C3%A9 xattr.user.%3Da= xattr.user.z=01\n"
                + "z type=blk rdev=0x801 major=8 minor=1 mode=6755 flags=0x20\n");
    }

    @Test
    void shouldReadBackWhatItWrote() throws Exception {
        NodeManifest m = new NodeManifest();
        m.put("dev/null", new NodeMeta().type(NodeType.CHR).device(0x203L, 2L, 3L));
        m.put("w h", new NodeMeta().type(NodeType.WHITEOUT));
        m.put("f", new NodeMeta().xattr("user.ß", "v".getBytes(StandardCharsets.UTF_8)));
        Path file = dir.resolve("nodes");
        m.write(file);
        NodeManifest back = NodeManifest.read(file);
        assertThat(back.render()).isEqualTo(m.render());
        assertThat(back.get("w h")).hasValueSatisfying(meta -> assertThat(meta.type()).isEqualTo(NodeType.WHITEOUT));
    }

    @Test
    void shouldDeleteTheFileWhenEmptyAndMoveAndRemoveSubtrees() throws Exception {
        NodeManifest m = new NodeManifest();
        m.put("d/p", new NodeMeta().type(NodeType.FIFO));
        m.put("d/q/r", new NodeMeta().type(NodeType.SOCK));
        m.put("dx", new NodeMeta().type(NodeType.FIFO));
        m.put("e", new NodeMeta().type(NodeType.SOCK));
        m.moveTree("d", "e");
        assertThat(m.render()).isEqualTo("dx type=fifo\ne/p type=fifo\ne/q/r type=sock\n");
        m.removeTree("e");
        m.remove("dx");
        Path file = dir.resolve("nodes");
        Files.writeString(file, "stale\n");
        m.write(file);
        assertThat(file).doesNotExist();
        assertThat(m.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectAMalformedFileWithItsLineNumber() throws Exception {
        Path file = dir.resolve("nodes");
        Files.writeString(file, "a type=fifo\nb colour=red\n");
        assertThatThrownBy(() -> NodeManifest.read(file)).isInstanceOf(JournalScanException.class)
                .hasMessageContaining("nodes:2").hasMessageContaining("unknown field colour");
    }
}
