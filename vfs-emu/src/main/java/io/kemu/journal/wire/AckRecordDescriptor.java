package io.kemu.journal.wire;

/**
 * Layout of the 32-byte acknowledgement record a full-duplex target sends back
 * ({@code struct journal_ackrecord}): a raw header, two filler words and a trailer.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |     begmagic 0x1234           |   streamid (ACK, BEGIN|END)   |  0
 *  +-------------------------------+-------------------------------+
 *  |                        recsize = 32                           |  4
 *  +---------------------------------------------------------------+
 *  |          transid: highest transid committed by the target     |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        filler0 (i32)                          | 16
 *  +---------------------------------------------------------------+
 *  |                        filler1 (i32)                          | 20
 *  +-------------------------------+-------------------------------+
 *  |     endmagic 0xCDEF           |          check 0              | 24
 *  +-------------------------------+-------------------------------+
 *  |                        recsize = 32                           | 28
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The kernel's reader ({@code journal_rthread}) checks only begmagic and endmagic; it ignores the
 * streamid and recsize. kemu writes {@code 0xC004} (ACK with BEGIN|END) and recsize 32.
 */
public final class AckRecordDescriptor {
    public static final int FILLER0_OFFSET = 16;
    public static final int FILLER1_OFFSET = 20;
    public static final int TRAILER_OFFSET = 24;
    /** {@code sizeof(struct journal_ackrecord)}. */
    public static final int LENGTH = 32;

    private AckRecordDescriptor() {
    }

    /** Encodes an ack for {@code transid} into {@code buf} at {@code offset}. */
    public static void write(byte[] buf, int offset, long transid) {
        RawRecordHeaderDescriptor.begmagic(buf, offset, RawRecordHeaderDescriptor.BEGMAGIC);
        RawRecordHeaderDescriptor.streamId(buf, offset, StreamId.BEGIN | StreamId.END | StreamId.ACK);
        RawRecordHeaderDescriptor.recsize(buf, offset, LENGTH);
        RawRecordHeaderDescriptor.transid(buf, offset, transid);
        LittleEndian.putI32(buf, offset + FILLER0_OFFSET, 0);
        LittleEndian.putI32(buf, offset + FILLER1_OFFSET, 0);
        RawRecordTrailerDescriptor.write(buf, offset + TRAILER_OFFSET, LENGTH);
    }

    /** A fresh 32-byte ack record for {@code transid}. */
    public static byte[] encode(long transid) {
        byte[] buf = new byte[LENGTH];
        write(buf, 0, transid);
        return buf;
    }

    /** True when both magics are right: the only check {@code journal_rthread} makes. */
    public static boolean hasValidMagic(byte[] buf, int offset) {
        return RawRecordHeaderDescriptor.begmagic(buf, offset) == RawRecordHeaderDescriptor.BEGMAGIC
                && RawRecordTrailerDescriptor.endmagic(buf, offset + TRAILER_OFFSET)
                        == RawRecordTrailerDescriptor.ENDMAGIC;
    }

    public static long transid(byte[] buf, int offset) {
        return RawRecordHeaderDescriptor.transid(buf, offset);
    }
}
