package io.kemu.journal.scan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Journal names in messages: escaped so that one message is one line and no terminal escape gets through. */
class NamesTest {
    /** Characters that end a line, move the cursor or start a terminal escape sequence. */
    static boolean isUnsafe(char c) {
        int type = Character.getType(c);
        return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
    }

    static void assertSafe(String text) {
        assertThat(text.chars().filter(c -> isUnsafe((char) c)).boxed().toList()).as(text).isEmpty();
    }

    @Test
    void shouldEscapeNewlinesControlsTerminalEscapesAndInvisibleCharacters() {
        String name = "a\nFAKE b\r\t\u001b[31mred\u009b2J\u007f\u2028\u202e\u200b";
        String quoted = Names.quote(name);
        assertSafe(quoted);
        assertThat(quoted).isEqualTo("'a\\nFAKE b\\r\\t\\x1b[31mred\\u{009b}2J\\x7f\\u{2028}\\u{202e}\\u{200b}'");
        assertSafe(Names.oneLine(name));
    }

    @Test
    void shouldKeepPrintableTextAndQuoteBackslashesAndQuotes() {
        assertThat(Names.quote("d/é 名前.txt")).isEqualTo("'d/é 名前.txt'");
        assertThat(Names.quote("it's \\n")).isEqualTo("'it\\'s \\\\n'");
        assertThat(Names.oneLine("plain 'text' \\ kept")).isEqualTo("plain 'text' \\ kept");
    }

    @Test
    void shouldMakeEveryProblemOneLine() {
        ScanProblem p = ScanProblem.at(ProblemKind.FAILED, 5, 7, "rename: 'x\ny' \u001b]0;title\u0007");
        assertSafe(p.toString());
        assertThat(p.toString().lines()).hasSize(1);
    }
}
