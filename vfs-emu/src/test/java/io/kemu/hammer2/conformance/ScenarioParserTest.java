package io.kemu.hammer2.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.cluster.ClusterFlag;
import io.kemu.hammer2.cluster.PfsType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioParserTest {
    private static final String NODE = "node 0 MASTER 1 100 0 0 INODE 0x1000 0 1024";

    @Test
    void shouldParseHeadersNodesCommentsAndTabs() throws Exception {
        ClusterScenario s = ScenarioParser.parse("""
                # a comment
                preflags UNHARD\tWRSOFT   # trailing comment
                mode next
                nmasters 3
                focus -1
                node\t0 SOFT_SLAVE 0 18446744073709551615 2147483647 1 VOLUME 0xFFFFffffFFFFffff 255 4294967295 1 0
                """);

        assertThat(s.mode()).isEqualTo(ClusterScenario.Mode.NEXT);
        assertThat(s.nmasters()).isEqualTo(3);
        assertThat(s.focus()).isEqualTo(-1);
        assertThat(s.preflags()).containsExactlyInAnyOrder(ClusterFlag.UNHARD, ClusterFlag.WRSOFT);
        ClusterScenario.Node node = s.nodes().get(0);
        assertThat(node.type()).isEqualTo(PfsType.SOFT_SLAVE);
        assertThat(node.modifyTid()).isEqualTo(-1L);
        assertThat(node.error()).isEqualTo(Integer.MAX_VALUE);
        assertThat(node.btype()).isEqualTo(BrefType.VOLUME);
        assertThat(node.key()).isEqualTo(-1L);
        assertThat(node.keybits()).isEqualTo(255);
        assertThat(node.bytes()).isEqualTo(0xFFFF_FFFFL);
        assertThat(node.prev()).isTrue();
        assertThat(node.parentInvalid()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "missing mode|nmasters 1\\n" + NODE + "|2|node line before the required header line 'mode'",
        "missing nmasters at end|mode resolve\\n|2|missing required header line 'nmasters'",
        "no nodes|mode resolve\\nnmasters 1\\n|3|no node lines (1 to 8 needed)",
        "header twice|mode resolve\\nmode lookup|2|header line 'mode' given twice",
        "header after node|mode resolve\\nnmasters 1\\n" + NODE + "\\nfocus 0|4|header line 'focus' after the first node line",
        "unknown keyword|mode resolve\\nnmaster 1|2|unknown keyword 'nmaster'",
        "bad mode|mode scan|1|mode 'scan' is not one of resolve, lookup, next",
        "nmasters range|nmasters 256|1|nmasters '256' is not a decimal number in 0..255",
        "index order|mode resolve\\nnmasters 1\\nnode 1 MASTER 1 100 0 0 INODE 0x1000 0 1024|3|node index 1 out of order, expected 0",
        "token count|mode resolve\\nnmasters 1\\nnode 0 MASTER 1 100 0 0 INODE 0x1000 0|3|node line has 10 tokens, resolve mode needs 11",
        "next token count|mode next\\nnmasters 1\\n" + NODE + "|3|node line has 11 tokens, next mode needs 13",
        "type name|mode resolve\\nnmasters 1\\nnode 0 master 1 100 0 0 INODE 0x1000 0 1024|3|TYPE 'master' is not one of [NONE, CACHE, SLAVE, SOFT_SLAVE, SOFT_MASTER, MASTER, SUPROOT, DUMMY]",
        "tid too big|mode resolve\\nnmasters 1\\nnode 0 MASTER 1 18446744073709551616 0 0 INODE 0x1000 0 1024|3|MODIFY_TID '18446744073709551616' is not a decimal number in 0..2^64-1",
        "negative error|mode resolve\\nnmasters 1\\nnode 0 MASTER 1 1 -1 0 INODE 0x1000 0 1024|3|ERROR '-1' is not a decimal number in 0..2147483647",
        "chain bit|mode resolve\\nnmasters 1\\nnode 0 MASTER 2 1 0 0 INODE 0x1000 0 1024|3|CHAIN '2' is not 0 or 1",
        "key without 0x|mode resolve\\nnmasters 1\\nnode 0 MASTER 1 1 0 0 INODE 1000 0 1024|3|KEY '1000' is not 0x followed by 1 to 16 hex digits",
        "key too long|mode resolve\\nnmasters 1\\nnode 0 MASTER 1 1 0 0 INODE 0x10000000000000000 0 1024|3|KEY '0x10000000000000000' is not 0x followed by 1 to 16 hex digits",
        "bytes range|mode resolve\\nnmasters 1\\nnode 0 MASTER 1 1 0 0 INODE 0x1 0 4294967296|3|BYTES '4294967296' is not a decimal number in 0..4294967295",
        "preflags dash mixed|preflags - UNHARD|1|'-' is not a cluster flag name ('-' must stand alone)",
        "preflags unreported flag|preflags LOCKED|1|'LOCKED' is not a cluster flag name",
        "focus beyond nodes|mode resolve\\nnmasters 1\\nfocus 3\\n" + NODE + "|3|focus 3 but only 1 nodes",
        "focus on empty slot|mode resolve\\nnmasters 1\\nfocus 0\\nnode 0 MASTER 0 1 0 0 INODE 0x1 0 1|3|resolve with focus 0 needs CHAIN=1 on node 0",
        "next with focus|mode next\\nnmasters 1\\nfocus 0\\nnode 0 MASTER 1 1 0 0 INODE 0x1 0 1 1 0|3|next mode needs 'focus -1'",
        "lookup with preflags|mode lookup\\nnmasters 1\\npreflags UNHARD\\n" + NODE + "|4|lookup mode needs 'preflags -'",
    })
    void shouldRejectMalformedScenariosWithLineAndReason(String label, String text, int line, String reason) {
        assertThatThrownBy(() -> ScenarioParser.parse(text.replace("\\n", "\n")))
                .isInstanceOfSatisfying(ScenarioFormatException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(reason);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.describe("x.in")).isEqualTo("x.in:" + line + ": " + reason);
                });
    }

    @Test
    void shouldRejectANinthNode() {
        StringBuilder text = new StringBuilder("mode resolve\nnmasters 1\n");
        for (int i = 0; i < 9; i++) {
            text.append("node ").append(i).append(" MASTER 1 1 0 0 DATA 0x1 0 1\n");
        }
        assertThatThrownBy(() -> ScenarioParser.parse(text.toString()))
                .isInstanceOfSatisfying(ScenarioFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(11);
                    assertThat(e.getMessage()).isEqualTo("more than 8 node lines");
                });
    }
}
