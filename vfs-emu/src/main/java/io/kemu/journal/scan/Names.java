package io.kemu.journal.scan;

/**
 * Makes text that came from a journal safe to print: names, symlink targets and attribute names are
 * chosen by whoever wrote the stream, so a message must never let one of them add a line, move the
 * cursor or send a terminal escape sequence. {@link #quote} is for a name inside a message (like
 * {@code ls -b} or Go's {@code %q}); {@link #oneLine} is the last guard applied to a whole message
 * before it is reported, so that one problem is always one line.
 *
 * <p>Escaped: C0 controls and DEL ({@code \n}, {@code \r}, {@code \t}, else {@code \xHH}), C1 controls
 * (U+0080 to U+009F), and the Unicode line/paragraph separators and format characters (bidi
 * overrides, zero-width characters) as a backslash, {@code u} and the code in braces, like Rust's escapes. {@link #quote} also escapes the backslash and
 * the quote character, so the quoted form reads back unambiguously.
 */
public final class Names {
    private Names() {
    }

    /** {@code text} in single quotes, every unsafe character and {@code \} and {@code '} escaped. */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('\'');
        escape(text, sb, true);
        return sb.append('\'').toString();
    }

    /** {@code text} with every unsafe character escaped (backslashes and quotes kept as they are). */
    public static String oneLine(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnsafe(text.charAt(i))) {
                StringBuilder sb = new StringBuilder(text.length() + 16);
                escape(text, sb, false);
                return sb.toString();
            }
        }
        return text;
    }

    private static void escape(String text, StringBuilder sb, boolean quoting) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoting && (c == '\\' || c == '\'')) {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (isUnsafe(c)) {
                sb.append(String.format("\\u{%04x}", (int) c));
            } else {
                sb.append(c);
            }
        }
    }

    private static boolean isUnsafe(char c) {
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
    }
}
