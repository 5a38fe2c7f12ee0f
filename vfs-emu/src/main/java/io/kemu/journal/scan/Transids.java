package io.kemu.journal.scan;

/**
 * Formatting and parsing of transaction ids. A transid is the kernel's signed 64-bit counter; kemu
 * prints it as {@code 0x} and 16 lowercase hex digits (two's complement), the form jscan's transid
 * files use without the prefix.
 */
public final class Transids {
    private Transids() {
    }

    /** {@code 0x%016x}. */
    public static String format(long transid) {
        return "0x" + hex16(transid);
    }

    /** 16 lowercase hex digits, no prefix. */
    public static String hex16(long transid) {
        String h = Long.toHexString(transid);
        return "0".repeat(16 - h.length()) + h;
    }

    /**
     * Parses a transid given by a user: {@code 0x}-prefixed hex (up to 16 digits) or decimal.
     *
     * @throws NumberFormatException when the text is neither
     */
    public static long parse(String text) {
        String t = text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            String digits = t.substring(2);
            if (digits.isEmpty() || digits.length() > 16) {
                throw new NumberFormatException("not a 64-bit hex transid: " + text);
            }
            return Long.parseUnsignedLong(digits, 16);
        }
        return Long.parseLong(t);
    }
}
