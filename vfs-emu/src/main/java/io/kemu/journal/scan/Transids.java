package io.kemu.journal.scan;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * Formatting, parsing and ordering of transaction ids. A transid is the kernel's 64-bit counter
 * ({@code jrecord_t->transid}, incremented by {@code journal_reserve()}); kemu treats it as
 * <em>unsigned</em> everywhere: {@code 0x8000000000000000} comes after {@code 0x7fffffffffffffff},
 * never before 0. Every comparison of two transids in the scanner goes through {@link #compare}.
 *
 * <p>Printed forms: {@link #format} ({@code 0x} and 16 lowercase hex digits, in messages and
 * summaries) and {@link #hex16} (16 digits, no prefix: what {@code jscan dump} and the state files
 * print, as jscan's own transid file does). {@link #parse} accepts both, and unsigned decimal.
 */
public final class Transids {
    /** Orders transids as unsigned 64-bit numbers. */
    public static final Comparator<Long> UNSIGNED = Long::compareUnsigned;

    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

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

    /** Unsigned comparison: negative when {@code a} comes before {@code b}. */
    public static int compare(long a, long b) {
        return Long.compareUnsigned(a, b);
    }

    /** True when {@code a} comes strictly after {@code b} (unsigned). */
    public static boolean isAfter(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    /** The later of two transids (unsigned). */
    public static long max(long a, long b) {
        return isAfter(a, b) ? a : b;
    }

    /** The earlier of two transids (unsigned). */
    public static long min(long a, long b) {
        return isAfter(a, b) ? b : a;
    }

    /**
     * Parses a transid given by a user, in any form kemu prints one:
     * <ul>
     *   <li>{@code 0x} (or {@code 0X}) and 1 to 16 hex digits;</li>
     *   <li>exactly 16 hex digits without a prefix, as {@code jscan dump} and the state files print
     *       them (so a 16-digit number is always read as hex);</li>
     *   <li>otherwise an unsigned decimal number up to 2^64-1.</li>
     * </ul>
     * Every value of the 64-bit range is accepted in every form.
     *
     * @throws NumberFormatException when the text is none of these, with the forms in its message
     */
    public static long parse(String text) {
        String t = text.trim();
        String digits = t.startsWith("0x") || t.startsWith("0X") ? t.substring(2) : t.length() == 16 ? t : null;
        if (digits != null) {
            if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw notATransid(text);
            }
            return Long.parseUnsignedLong(digits, 16);
        }
        if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw notATransid(text);
        }
        BigInteger value = new BigInteger(t);
        if (value.compareTo(MAX) > 0) {
            throw notATransid(text);
        }
        return value.longValue();
    }

    private static NumberFormatException notATransid(String text) {
        return new NumberFormatException(Names.quote(text) + " is not a transid (16 hex digits as dump prints them,"
                + " 0x-prefixed hex, or decimal, at most 2^64-1)");
    }
}
