package io.kemu.journal.scan.testing;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.RawRecordTrailerDescriptor;
import io.kemu.journal.wire.StreamId;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-only writer of raw stream records, from JOURNAL-SPEC section 0.1: 16-byte header, payload,
 * slack up to the 16-aligned size (filled with 0xA5 so that a reader using the slack shows up), trailer
 * in the last 8 bytes. Transids step by 2 per record and by 1 per pad, as the kernel's reservations
 * do; a 16-byte pad's trailer overwrites its transid.
 */
public final class StreamWriter {
    /** The id {@link #single} and {@link #transaction} use unless told otherwise. */
    public static final int DEFAULT_ID = 0x0100;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long transid;

    public StreamWriter(long firstTransid) {
        this.transid = firstTransid;
    }

    public long nextTransid() {
        return transid;
    }

    public int size() {
        return out.size();
    }

    /** One raw record with the full 16-bit streamid given; returns its transid. */
    public long record(int streamId, byte[] payload) {
        long t = transid;
        recordWithTransid(streamId, payload, t);
        transid += 2;
        return t;
    }

    /** One raw record with an explicit transid (for replays); the counter is not touched. */
    public StreamWriter recordWithTransid(int streamId, byte[] payload, long t) {
        int recsize = RawRecordHeaderDescriptor.OVERHEAD + payload.length;
        byte[] rec = new byte[RawRecordHeaderDescriptor.alignedSize(recsize)];
        Arrays.fill(rec, (byte) 0xA5);
        RawRecordHeaderDescriptor.begmagic(rec, 0, RawRecordHeaderDescriptor.BEGMAGIC);
        RawRecordHeaderDescriptor.streamId(rec, 0, streamId);
        RawRecordHeaderDescriptor.recsize(rec, 0, recsize);
        RawRecordHeaderDescriptor.transid(rec, 0, t);
        System.arraycopy(payload, 0, rec, RawRecordHeaderDescriptor.LENGTH, payload.length);
        RawRecordTrailerDescriptor.write(rec, RawRecordTrailerDescriptor.trailerOffset(0, recsize), recsize);
        out.writeBytes(rec);
        return this;
    }

    /** A complete one-record transaction (BEGIN|END) on {@link #DEFAULT_ID}; returns its transid. */
    public long single(byte[] logical) {
        return record(StreamId.BEGIN | StreamId.END | DEFAULT_ID, logical);
    }

    /**
     * A transaction on {@code id} split into raw records at the given cut points of {@code logical}
     * (strictly increasing, inside it). Returns the END record's transid.
     */
    public long transaction(int id, byte[] logical, int... cuts) {
        List<byte[]> parts = split(logical, cuts);
        long end = 0;
        for (int i = 0; i < parts.size(); i++) {
            int ctl = (i == 0 ? StreamId.BEGIN : 0) | (i == parts.size() - 1 ? StreamId.END : 0);
            end = record(ctl | id, parts.get(i));
        }
        return end;
    }

    /** A pad of {@code size} bytes (a multiple of 16, at least 16) with transid current, then +1. */
    public StreamWriter pad(int size) {
        if (size < 16 || size % 16 != 0) {
            throw new IllegalArgumentException("pad size " + size);
        }
        byte[] rec = new byte[size];
        RawRecordHeaderDescriptor.streamId(rec, 0, StreamId.PAD_RECORD);
        RawRecordHeaderDescriptor.recsize(rec, 0, size);
        RawRecordHeaderDescriptor.transid(rec, 0, transid);
        RawRecordTrailerDescriptor.write(rec, size - RawRecordTrailerDescriptor.LENGTH, size);
        RawRecordHeaderDescriptor.begmagic(rec, 0, RawRecordHeaderDescriptor.BEGMAGIC);
        transid += 1;
        out.writeBytes(rec);
        return this;
    }

    /** Appends bytes as they are (garbage, or a prepared stream). */
    public StreamWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    /** The stream cut into chunks of {@code chunkSize} bytes, as a socket might deliver it. */
    public List<ByteBuffer> chunks(int chunkSize) {
        byte[] all = toBytes();
        List<ByteBuffer> list = new ArrayList<>();
        for (int i = 0; i < all.length; i += chunkSize) {
            list.add(ByteBuffer.wrap(all, i, Math.min(chunkSize, all.length - i)));
        }
        return list;
    }

    static List<byte[]> split(byte[] logical, int... cuts) {
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            parts.add(Arrays.copyOfRange(logical, from, cut));
            from = cut;
        }
        parts.add(Arrays.copyOfRange(logical, from, logical.length));
        return parts;
    }
}
