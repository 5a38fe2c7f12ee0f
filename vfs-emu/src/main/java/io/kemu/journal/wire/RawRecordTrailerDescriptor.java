package io.kemu.journal.wire;

/**
 * Layout of the 8-byte trailer that ends every raw stream record ({@code struct journal_rawrecend}).
 * It sits in the last 8 bytes of the <em>aligned</em> record, at
 * {@code alignedSize(recsize) - 8}; any slack lies between the payload's end and the trailer.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |       endmagic (u16)          |         check (u16)           |  0
 *  +-------------------------------+-------------------------------+
 *  |                  recsize (i32, = header's)                    |  4
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>{@code check} is always 0 (no check word). The repeated {@code recsize} allows backward scans.
 */
public final class RawRecordTrailerDescriptor {
    public static final int ENDMAGIC_OFFSET = 0;
    public static final int CHECK_OFFSET = 2;
    public static final int RECSIZE_OFFSET = 4;
    /** {@code sizeof(struct journal_rawrecend)}. */
    public static final int LENGTH = 8;

    /** JREC_ENDMAGIC. */
    public static final int ENDMAGIC = 0xCDEF;

    private RawRecordTrailerDescriptor() {
    }

    /** Offset of the trailer of a record starting at {@code recordOffset} with {@code recsize}. */
    public static int trailerOffset(int recordOffset, int recsize) {
        return recordOffset + RawRecordHeaderDescriptor.alignedSize(recsize) - LENGTH;
    }

    public static int endmagic(byte[] buf, int offset) {
        return LittleEndian.getU16(buf, offset + ENDMAGIC_OFFSET);
    }

    public static int check(byte[] buf, int offset) {
        return LittleEndian.getU16(buf, offset + CHECK_OFFSET);
    }

    public static int recsize(byte[] buf, int offset) {
        return LittleEndian.getI32(buf, offset + RECSIZE_OFFSET);
    }

    /** Writes a whole trailer at {@code offset}: endmagic, check 0, recsize. */
    public static void write(byte[] buf, int offset, int recsize) {
        LittleEndian.putU16(buf, offset + ENDMAGIC_OFFSET, ENDMAGIC);
        LittleEndian.putU16(buf, offset + CHECK_OFFSET, 0);
        LittleEndian.putI32(buf, offset + RECSIZE_OFFSET, recsize);
    }
}
