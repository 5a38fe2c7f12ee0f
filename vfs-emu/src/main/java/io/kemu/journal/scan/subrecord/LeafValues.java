package io.kemu.journal.scan.subrecord;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.wire.LittleEndian;

import java.util.Arrays;

/**
 * Decoding of leaf payloads, which are raw host-native values (SPEC section 0.4): integers take their
 * width from the leaf's size (1, 2, 4 or 8 bytes, narrower ones unsigned, as jscan does), times are
 * {@code struct timespec} (16 bytes on LP64, 8 on a 32-bit kernel), paths carry a trailing NUL,
 * ATTRNAME and SYMLINKDATA do not, COMM is a NUL-padded array. Little endian throughout, like every
 * stream kemu reads.
 */
public final class LeafValues {
    private LeafValues() {
    }

    /** The integer in {@code leaf}: 1, 2 or 4 bytes unsigned, 8 bytes as the raw 64-bit value. */
    public static long integer(byte[] buf, SubRecord leaf) throws JournalScanException {
        int i = leaf.dataIndex();
        return switch (leaf.dataLength()) {
            case 1 -> buf[i] & 0xFFL;
            case 2 -> LittleEndian.getU16(buf, i);
            case 4 -> LittleEndian.getI32(buf, i) & 0xFFFF_FFFFL;
            case 8 -> LittleEndian.getI64(buf, i);
            default -> throw new JournalScanException(ProblemKind.MALFORMED, String.format(
                    "@%d: integer leaf 0x%04x has %d bytes (expected 1, 2, 4 or 8)", leaf.index(), leaf.rectype(),
                    leaf.dataLength()));
        };
    }

    /** The {@code struct timespec} in {@code leaf}: two 64-bit or two 32-bit fields. */
    public static Timespec timespec(byte[] buf, SubRecord leaf) throws JournalScanException {
        int i = leaf.dataIndex();
        return switch (leaf.dataLength()) {
            case 16 -> new Timespec(LittleEndian.getI64(buf, i), LittleEndian.getI64(buf, i + 8));
            case 8 -> new Timespec(LittleEndian.getI32(buf, i), LittleEndian.getI32(buf, i + 4));
            default -> throw new JournalScanException(ProblemKind.MALFORMED, String.format(
                    "@%d: time leaf 0x%04x has %d bytes (expected a 16- or 8-byte timespec)", leaf.index(),
                    leaf.rectype(), leaf.dataLength()));
        };
    }

    /** The payload bytes, copied. */
    public static byte[] bytes(byte[] buf, SubRecord leaf) {
        return Arrays.copyOfRange(buf, leaf.dataIndex(), leaf.dataIndex() + leaf.dataLength());
    }

    /** A path leaf's bytes without its one trailing NUL (a path of only a NUL is the mount root: empty). */
    public static byte[] path(byte[] buf, SubRecord leaf) {
        int n = leaf.dataLength();
        if (n > 0 && buf[leaf.dataIndex() + n - 1] == 0) {
            n--;
        }
        return Arrays.copyOfRange(buf, leaf.dataIndex(), leaf.dataIndex() + n);
    }

    /** A NUL-padded character array (COMM): the bytes before the first NUL. */
    public static byte[] cString(byte[] buf, SubRecord leaf) {
        int start = leaf.dataIndex();
        int end = start + leaf.dataLength();
        int n = start;
        while (n < end && buf[n] != 0) {
            n++;
        }
        return Arrays.copyOfRange(buf, start, n);
    }
}
