package io.kemu.journal.scan;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.StreamId;

/**
 * One validated raw stream record as the decoder saw it: where it starts in the stream, its header
 * fields, and a view of its bytes.
 *
 * <p>{@code buffer[index ...]} holds the whole record (header at {@code index}); the view is only
 * valid during the listener call that receives the record, because the decoder reuses its buffer.
 * Copy what you keep. The payload is {@code recsize - 24} bytes at {@code index + 16}; a 16-byte pad
 * has none (and its transid is garbage: the trailer overlays it).
 */
public record RawRecord(long offset, int streamId, int recsize, long transid, byte[] buffer, int index) {

    /** The 13-bit stream id, the key of logical-stream reassembly. */
    public int id() {
        return StreamId.id(streamId);
    }

    public boolean isBegin() {
        return (streamId & StreamId.BEGIN) != 0;
    }

    public boolean isEnd() {
        return (streamId & StreamId.END) != 0;
    }

    public boolean isAborted() {
        return (streamId & StreamId.ABORTED) != 0;
    }

    public boolean isPad() {
        return StreamId.isPad(streamId);
    }

    /** The bytes the record occupies on the wire. */
    public int alignedSize() {
        return RawRecordHeaderDescriptor.alignedSize(recsize);
    }

    public int payloadIndex() {
        return index + RawRecordHeaderDescriptor.LENGTH;
    }

    /** {@code recsize - 24}, or 0 for a 16-byte pad. */
    public int payloadLength() {
        return Math.max(0, recsize - RawRecordHeaderDescriptor.OVERHEAD);
    }
}
