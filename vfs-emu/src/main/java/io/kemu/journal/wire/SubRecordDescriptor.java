package io.kemu.journal.wire;

/**
 * Layout of the 8-byte sub-record header ({@code struct journal_subrecord}) that structures the
 * payload of a logical stream. Sub-records may span raw records; the scanner reassembles first.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |N|L|     rectype (14)          |        reserved (i16 = 0)     |  0
 *  +-------------------------------+-------------------------------+
 *  |          recsize (i32: 8 + payload, or -1 if unknown)         |  4
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>N is {@link RecordType#NESTED} (the payload is more sub-records), L is {@link RecordType#LAST}.
 * A nested record whose size was unknown when its header left the ring carries {@link
 * #UNKNOWN_SIZE}; a scanner then finds its end by the LAST bit or the enclosing record. Leaf payloads
 * are followed by zero padding to 8-byte alignment, not counted in {@code recsize}.
 */
public final class SubRecordDescriptor {
    public static final int RECTYPE_OFFSET = 0;
    public static final int RESERVED_OFFSET = 2;
    public static final int RECSIZE_OFFSET = 4;
    /** {@code sizeof(struct journal_subrecord)}. */
    public static final int LENGTH = 8;
    /** A leaf's payload is padded to a multiple of this many bytes. */
    public static final int ALIGNMENT = 8;

    /** recsize of a nested record whose end was not known when its header was written. */
    public static final int UNKNOWN_SIZE = -1;

    private SubRecordDescriptor() {
    }

    /** {@code (n + 7) & ~7}: a leaf payload with its alignment padding. */
    public static int alignedPayload(int n) {
        return (n + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** {@code -n & 7}: the padding bytes after a leaf payload of {@code n} bytes. */
    public static int paddingAfter(int n) {
        return -n & (ALIGNMENT - 1);
    }

    public static int rectype(byte[] buf, int offset) {
        return LittleEndian.getU16(buf, offset + RECTYPE_OFFSET);
    }

    public static int recsize(byte[] buf, int offset) {
        return LittleEndian.getI32(buf, offset + RECSIZE_OFFSET);
    }

    public static void rectype(byte[] buf, int offset, int value) {
        LittleEndian.putU16(buf, offset + RECTYPE_OFFSET, value);
    }

    public static void recsize(byte[] buf, int offset, int value) {
        LittleEndian.putI32(buf, offset + RECSIZE_OFFSET, value);
    }

    /** Writes a whole header: rectype, reserved 0, recsize. */
    public static void write(byte[] buf, int offset, int rectype, int recsize) {
        LittleEndian.putU16(buf, offset + RECTYPE_OFFSET, rectype);
        LittleEndian.putU16(buf, offset + RESERVED_OFFSET, 0);
        LittleEndian.putI32(buf, offset + RECSIZE_OFFSET, recsize);
    }
}
