package io.kemu.cli;

/**
 * Names from the user's input (paths, option values) as they appear in kemu's messages: quoted,
 * with every control or non-printable character escaped ({@code \n}, {@code \t}, {@code \x1b},
 * {@code \u202e}), so a name can neither break the one-line error nor drive the terminal.
 */
final class Names {
    private Names() {
    }

    static String quote(Object name) {
        final String text = String.valueOf(name);
        final StringBuilder quoted = new StringBuilder(text.length() + 2).append('\'');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '\\' -> quoted.append("\\\\");
                case '\'' -> quoted.append("\\'");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\x%02x", c));
                    } else if (Character.isISOControl(c) || !printable(c)) {
                        quoted.append(String.format("\\u%04x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('\'').toString();
    }

    private static boolean printable(int c) {
        final int type = Character.getType(c);
        return type != Character.FORMAT && type != Character.UNASSIGNED && type != Character.SURROGATE
                && type != Character.PRIVATE_USE && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR;
    }
}
