package io.kemu.journal.wire;

/**
 * The 16-bit streamid field of a raw record header: three control bits over a 13-bit id
 * ({@code JREC_STREAMCTL_*} and {@code JREC_STREAMID_*} in {@code sys/journal.h}).
 */
public final class StreamId {
    /** First raw record of a logical stream. */
    public static final int BEGIN = 0x8000;
    /** Last raw record of a logical stream. */
    public static final int END = 0x4000;
    /** The logical stream was aborted (set together with END). */
    public static final int ABORTED = 0x2000;
    /** All control bits. */
    public static final int CONTROL_MASK = 0xE000;
    /** The 13-bit id (the kernel's header comment says 14 bits; the mask is 13). */
    public static final int ID_MASK = 0x1FFF;

    public static final int SYNCPT = 0x0000;
    public static final int PAD = 0x0001;
    public static final int DISCONT = 0x0002;
    public static final int ANNOTATE = 0x0003;
    public static final int ACK = 0x0004;
    public static final int RESTART = 0x0005;
    /** First id of the ordinary short-lived transactions ({@code JREC_STREAMID_JMIN}). */
    public static final int JMIN = 0x0100;
    /** One past the last ordinary id ({@code JREC_STREAMID_JMAX}). */
    public static final int JMAX = 0x2000;

    /** The full streamid of a pad record: BEGIN|END|PAD = {@code 0xC001}. */
    public static final int PAD_RECORD = BEGIN | END | PAD;

    private StreamId() {
    }

    public static int id(int streamId) {
        return streamId & ID_MASK;
    }

    public static boolean isPad(int streamId) {
        return streamId == PAD_RECORD;
    }
}
