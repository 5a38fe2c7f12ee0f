package io.kemu.journal.wire;

/**
 * Cuts a full-duplex return stream, arriving in chunks of any size, into 32-byte ack records and
 * checks each as {@code journal_rthread} does (begmagic and endmagic only). Holds at most one partial
 * record between chunks. After a bad record it refuses further input: the kernel's reader stops there.
 */
public final class AckRecordAssembler {
    /** Receives each valid ack's transid, in stream order. */
    @FunctionalInterface
    public interface Listener {
        void onAck(long transid);
    }

    private final byte[] record = new byte[AckRecordDescriptor.LENGTH];
    private int partial;
    private long offset;
    private String error;

    /**
     * Feeds {@code length} bytes; calls {@code listener} for every complete valid record.
     *
     * @return null, or a description of the first bad record (with its stream offset), after which
     *     nothing more is accepted
     */
    public String feed(byte[] bytes, int from, int length, Listener listener) {
        int at = from;
        final int end = from + length;
        while (error == null && at < end) {
            final int take = Math.min(AckRecordDescriptor.LENGTH - partial, end - at);
            System.arraycopy(bytes, at, record, partial, take);
            partial += take;
            at += take;
            if (partial == AckRecordDescriptor.LENGTH) {
                partial = 0;
                if (!AckRecordDescriptor.hasValidMagic(record, 0)) {
                    error = "bad begmagic or endmagic on receive stream at offset " + offset;
                } else {
                    listener.onAck(AckRecordDescriptor.transid(record, 0));
                }
                offset += AckRecordDescriptor.LENGTH;
            }
        }
        return error;
    }

    /** Bytes of an incomplete record held back (0 at a record boundary). */
    public int partialBytes() {
        return partial;
    }
}
