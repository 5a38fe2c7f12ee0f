package io.kemu.journal.wire;

/**
 * Layout of the 16-byte header that starts every raw stream record ({@code struct
 * journal_rawrecbeg} in {@code sys/journal.h}). Every raw record starts 16-byte aligned.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |       begmagic (u16)          |B|E|A|     stream id (13)      |  0
 *  +-------------------------------+-------------------------------+
 *  |                        recsize (i32)                          |  4
 *  +---------------------------------------------------------------+
 *  |                        transid (i64)                          |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>{@code begmagic} is {@link #BEGMAGIC} once complete and {@link #INCOMPLETEMAGIC} while reserved
 * (that value never leaves the ring). {@code recsize} is the exact size including header and trailer;
 * a record occupies {@link #alignedSize(int)} bytes, a multiple of {@link #ALIGNMENT}. The streamid
 * bits are in {@link StreamId}. For a 16-byte pad the trailer overlays {@code transid}, which then
 * reads {@link #SMALL_PAD_TRANSID}.
 */
public final class RawRecordHeaderDescriptor {
    public static final int BEGMAGIC_OFFSET = 0;
    public static final int STREAMID_OFFSET = 2;
    public static final int RECSIZE_OFFSET = 4;
    public static final int TRANSID_OFFSET = 8;
    /** {@code sizeof(struct journal_rawrecbeg)}. */
    public static final int LENGTH = 16;

    /** JREC_BEGMAGIC: the record is complete and may be written out. */
    public static final int BEGMAGIC = 0x1234;
    /** JREC_INCOMPLETEMAGIC: reserved, not yet committed. */
    public static final int INCOMPLETEMAGIC = 0xFFFF;

    /** Header plus trailer: the overhead of every raw record, {@code recsize - payload}. */
    public static final int OVERHEAD = LENGTH + RawRecordTrailerDescriptor.LENGTH;
    /** JREC_MINRECSIZE: the smallest aligned record. */
    public static final int MIN_RECSIZE = 16;
    /** JREC_MAXRECSIZE: the largest record, 128 MiB. */
    public static final int MAX_RECSIZE = 128 * 1024 * 1024;
    /** JREC_DEFAULTSIZE: the initial reservation of a jrecord. */
    public static final int DEFAULT_SIZE = 64;

    /** Every raw record starts at a multiple of this many bytes and occupies a multiple of it. */
    public static final int ALIGNMENT = 16;
    /** The low bits an aligned offset or size has clear: {@code ALIGNMENT - 1}. */
    public static final int ALIGNMENT_MASK = ALIGNMENT - 1;

    /**
     * The {@code transid} field of a 16-byte pad record: its 8-byte trailer (endmagic, check 0,
     * recsize 16) overlays the field, which then reads {@code (16L << 32) | ENDMAGIC} =
     * 68719529455 (the kernel's quirk: an ack below it never retires such a pad).
     */
    public static final long SMALL_PAD_TRANSID = ((long) MIN_RECSIZE << 32) | RawRecordTrailerDescriptor.ENDMAGIC;

    private RawRecordHeaderDescriptor() {
    }

    /** {@code (recsize + 15) & ~15}: the bytes a record of {@code recsize} occupies. */
    public static int alignedSize(int recsize) {
        return (recsize + ALIGNMENT_MASK) & ~ALIGNMENT_MASK;
    }

    /** Whether {@code offsetOrSize} is a multiple of {@link #ALIGNMENT} (ring indexes are, always). */
    public static boolean isAligned(int offsetOrSize) {
        return (offsetOrSize & ALIGNMENT_MASK) == 0;
    }

    public static int begmagic(byte[] buf, int offset) {
        return LittleEndian.getU16(buf, offset + BEGMAGIC_OFFSET);
    }

    public static int streamId(byte[] buf, int offset) {
        return LittleEndian.getU16(buf, offset + STREAMID_OFFSET);
    }

    public static int recsize(byte[] buf, int offset) {
        return LittleEndian.getI32(buf, offset + RECSIZE_OFFSET);
    }

    public static long transid(byte[] buf, int offset) {
        return LittleEndian.getI64(buf, offset + TRANSID_OFFSET);
    }

    public static void begmagic(byte[] buf, int offset, int value) {
        LittleEndian.putU16(buf, offset + BEGMAGIC_OFFSET, value);
    }

    public static void streamId(byte[] buf, int offset, int value) {
        LittleEndian.putU16(buf, offset + STREAMID_OFFSET, value);
    }

    public static void recsize(byte[] buf, int offset, int value) {
        LittleEndian.putI32(buf, offset + RECSIZE_OFFSET, value);
    }

    public static void transid(byte[] buf, int offset, long value) {
        LittleEndian.putI64(buf, offset + TRANSID_OFFSET, value);
    }
}
