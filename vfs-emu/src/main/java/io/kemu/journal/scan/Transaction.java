package io.kemu.journal.scan;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.StreamId;

/**
 * One complete logical transaction (BEGIN to END on one stream id), normalised the way jscan's
 * {@code jstream.c} does: byte 0 of {@link #data()} is the first raw record's 16-byte header, followed
 * by the payloads of all its raw records in order (trailers and slack dropped). Sub-records therefore
 * start at {@link #SUBRECORDS_INDEX} = 16, and sub-record offsets printed by the dump match jscan's.
 *
 * <p>Identity: {@link #endTransid()} (the END record's transid) is unique in a journal and is what
 * restart bookkeeping uses; {@link #beginTransid()} and {@link #beginOffset()} name the transaction
 * in messages. {@code data} is owned by this object and is exactly {@link #length()} bytes long or
 * longer (callers must respect {@code length}).
 */
public final class Transaction {
    /** Offset of the first sub-record inside {@link #data()}. */
    public static final int SUBRECORDS_INDEX = RawRecordHeaderDescriptor.LENGTH;

    private final int streamId;
    private final int controlBits;
    private final long beginTransid;
    private final long endTransid;
    private final long beginOffset;
    private final long endOffset;
    private final int recordCount;
    private final byte[] data;
    private final int length;

    public Transaction(int streamId, int controlBits, long beginTransid, long endTransid, long beginOffset,
            long endOffset, int recordCount, byte[] data, int length) {
        if (length < SUBRECORDS_INDEX || length > data.length) {
            throw new IllegalArgumentException("length " + length + " outside [16, " + data.length + "]");
        }
        this.streamId = StreamId.id(streamId);
        this.controlBits = controlBits & StreamId.CONTROL_MASK;
        this.beginTransid = beginTransid;
        this.endTransid = endTransid;
        this.beginOffset = beginOffset;
        this.endOffset = endOffset;
        this.recordCount = recordCount;
        this.data = data;
        this.length = length;
    }

    /** The 13-bit stream id. */
    public int streamId() {
        return streamId;
    }

    /** The OR of the control bits (BEGIN, END, ABORTED) of all its raw records. */
    public int controlBits() {
        return controlBits;
    }

    public boolean isAborted() {
        return (controlBits & StreamId.ABORTED) != 0;
    }

    /** Stream ids below 0x100 carry control records (DISCONT, ...), not VOP transactions. */
    public boolean isControl() {
        return streamId < StreamId.JMIN;
    }

    public long beginTransid() {
        return beginTransid;
    }

    public long endTransid() {
        return endTransid;
    }

    /** Stream offset of the BEGIN raw record. */
    public long beginOffset() {
        return beginOffset;
    }

    /** Stream offset of the END raw record. */
    public long endOffset() {
        return endOffset;
    }

    public int recordCount() {
        return recordCount;
    }

    /** The normalised bytes; valid indexes are {@code [0, length())}. Not copied: do not modify. */
    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    @Override
    public String toString() {
        return String.format("Transaction[stream 0x%04x transid %s..%s offset %d, %d records, %d bytes%s]", streamId,
                Transids.format(beginTransid), Transids.format(endTransid), beginOffset, recordCount, length,
                isAborted() ? ", ABORTED" : "");
    }
}
