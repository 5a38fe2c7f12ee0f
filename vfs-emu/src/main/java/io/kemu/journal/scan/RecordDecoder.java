package io.kemu.journal.scan;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.RawRecordTrailerDescriptor;
import io.kemu.journal.wire.StreamId;

import java.nio.ByteBuffer;

/**
 * Splits a byte stream into raw records, forward, incrementally: feed it chunks of any size (a
 * socket's reads, a file's blocks, a whole file) and call {@link #finish()} at the end of input.
 * Mirrors the forward branch of jscan's {@code jread()} ({@code jfile.c}).
 *
 * <p>A record at the current position is accepted when its begmagic is 0x1234, its recsize lies in
 * [16, 128 MiB] (at least 24 unless it is a pad, whose 16-byte form has no room for a payload), and
 * the trailer in the last 8 bytes of the 16-aligned span has endmagic 0xCDEF and the same recsize.
 * (jscan does not compare the trailer's recsize; the kernel always writes both equal, so kemu uses it
 * to resynchronise more reliably.) Anything else starts "search mode": the decoder steps 16 bytes at a
 * time until a record validates, and reports the skipped run once, as a {@link ProblemKind#GARBAGE}
 * (or {@link ProblemKind#RECORD_TOO_LARGE} / {@link ProblemKind#TRUNCATED} when that was the first
 * reason) naming the offset where it began. At the end of input an incomplete record is treated the
 * same way: reported as truncated, then searched through.
 *
 * <p>Memory: unconsumed bytes live in one buffer that grows by doubling only when data arrives that
 * does not fit, and never beyond the largest legal record (128 MiB): a header's recsize decides how
 * many bytes are awaited, never how many are allocated. Every valid record, pads included, goes to
 * the listener with a view into this buffer.
 *
 * <p>Not thread-safe: one decoder per input stream.
 */
public final class RecordDecoder {
    /** Receives the decoder's output, synchronously, in stream order. */
    public interface Listener {
        void onRecord(RawRecord record);

        void onProblem(ScanProblem problem);
    }

    private static final int INITIAL_CAPACITY = 64 * 1024;
    private static final int STEP = RawRecordHeaderDescriptor.LENGTH;
    /** The largest aligned record, so the largest span a decision ever needs. */
    private static final int MAX_SPAN = RawRecordHeaderDescriptor.alignedSize(RawRecordHeaderDescriptor.MAX_RECSIZE);

    private final Listener listener;
    private byte[] buf = new byte[0];
    /** Unconsumed bytes are {@code buf[head, tail)}; {@code buf[head]} is at stream offset {@link #position}. */
    private int head;
    private int tail;
    private long position;
    /** Start of the current garbage run, or -1 when the last decision accepted a record. */
    private long garbageStart = -1;
    private ProblemKind garbageKind;
    private String garbageReason;
    private boolean finished;

    public RecordDecoder(Listener listener) {
        this(listener, 0);
    }

    /** A decoder whose first byte is at stream offset {@code startPosition} (for re-reading a region). */
    public RecordDecoder(Listener listener, long startPosition) {
        this.listener = listener;
        this.position = startPosition;
    }

    /**
     * Decodes a whole stream read from {@code in} in 64 KiB chunks, then {@link #finish()}es; every
     * record and problem goes to {@code listener}.
     */
    public static void decodeAll(java.io.InputStream in, Listener listener) throws java.io.IOException {
        final RecordDecoder decoder = new RecordDecoder(listener);
        final byte[] chunk = new byte[1 << 16];
        int n;
        while ((n = in.read(chunk)) > 0) {
            decoder.feed(chunk, 0, n);
        }
        decoder.finish();
    }

    /** Stream offset of the first byte not yet consumed (decided on). */
    public long position() {
        return position;
    }

    /** Bytes received but not yet decided on (an incomplete record, or less than a header). */
    public int pendingBytes() {
        return tail - head;
    }

    public void feed(byte[] src, int off, int len) {
        if (finished) {
            throw new IllegalStateException("feed after finish");
        }
        if (off < 0 || len < 0 || off > src.length - len) {
            throw new IndexOutOfBoundsException("off " + off + " len " + len + " of " + src.length);
        }
        while (len > 0) {
            makeRoom();
            int n = Math.min(len, buf.length - tail);
            System.arraycopy(src, off, buf, tail, n);
            tail += n;
            off += n;
            len -= n;
            decode(false);
            assert checkInvariants();
        }
    }

    public void feed(ByteBuffer src) {
        if (finished) {
            throw new IllegalStateException("feed after finish");
        }
        while (src.hasRemaining()) {
            makeRoom();
            int n = Math.min(src.remaining(), buf.length - tail);
            src.get(buf, tail, n);
            tail += n;
            decode(false);
            assert checkInvariants();
        }
    }

    /** End of input: decides on the remaining bytes and reports a pending garbage run. Idempotent. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        decode(true);
        reportGarbageRun(position);
        buf = new byte[0];
        head = 0;
        tail = 0;
    }

    /**
     * Ensures {@code tail < buf.length}: first by moving the unconsumed bytes to the front, then by
     * doubling. A full buffer at MAX_SPAN cannot occur, because any candidate record is decidable
     * with MAX_SPAN bytes, so decode() always consumes something from a full maximal buffer.
     */
    private void makeRoom() {
        if (tail < buf.length) {
            return;
        }
        if (head > 0) {
            System.arraycopy(buf, head, buf, 0, tail - head);
            tail -= head;
            head = 0;
            if (tail < buf.length) {
                return;
            }
        }
        int capacity = buf.length == 0 ? INITIAL_CAPACITY : Math.min(buf.length * 2, MAX_SPAN);
        assert capacity > buf.length : "decoder buffer full at its maximum size";
        byte[] bigger = new byte[capacity];
        System.arraycopy(buf, head, bigger, 0, tail - head);
        tail -= head;
        head = 0;
        buf = bigger;
    }

    /**
     * Decides on as many records as the buffered bytes allow. With {@code atEnd}, no more bytes will
     * come, so an incomplete candidate is rejected (and searched through) instead of awaited.
     */
    private void decode(boolean atEnd) {
        while (true) {
            int available = tail - head;
            if (available == 0) {
                return;
            }
            if (available < STEP) {
                if (!atEnd) {
                    return;
                }
                reject(ProblemKind.TRUNCATED, "stream ends " + available + " bytes into a record header", available);
                continue;
            }
            int begmagic = RawRecordHeaderDescriptor.begmagic(buf, head);
            int streamId = RawRecordHeaderDescriptor.streamId(buf, head);
            int recsize = RawRecordHeaderDescriptor.recsize(buf, head);
            int fault = headerFault(begmagic, streamId, recsize);
            if (fault != HEADER_OK) {
                ProblemKind kind = fault == HEADER_TOO_LARGE ? ProblemKind.RECORD_TOO_LARGE : ProblemKind.GARBAGE;
                // inside a garbage run only its first reason is kept: no message per 16-byte step
                reject(kind, inGarbageRun() ? null : headerProblem(fault, begmagic, recsize), STEP);
                continue;
            }
            int span = RawRecordHeaderDescriptor.alignedSize(recsize);
            if (available < span) {
                if (!atEnd) {
                    return;
                }
                reject(ProblemKind.TRUNCATED, "stream ends inside a record of recsize " + recsize + " ("
                        + available + " of " + span + " bytes present)", STEP);
                continue;
            }
            int trailer = RawRecordTrailerDescriptor.trailerOffset(head, recsize);
            int endmagic = RawRecordTrailerDescriptor.endmagic(buf, trailer);
            int trailerRecsize = RawRecordTrailerDescriptor.recsize(buf, trailer);
            if (endmagic != RawRecordTrailerDescriptor.ENDMAGIC) {
                reject(ProblemKind.GARBAGE, inGarbageRun() ? null : String.format(
                        "no trailer magic 0xcdef at offset %d (found 0x%04x) for recsize %d",
                        position + span - RawRecordTrailerDescriptor.LENGTH, endmagic, recsize), STEP);
                continue;
            }
            if (trailerRecsize != recsize) {
                reject(ProblemKind.GARBAGE, "trailer recsize " + trailerRecsize + " differs from header recsize " + recsize, STEP);
                continue;
            }
            reportGarbageRun(position);
            long transid = RawRecordHeaderDescriptor.transid(buf, head);
            listener.onRecord(new RawRecord(position, streamId, recsize, transid, buf, head));
            head += span;
            position += span;
        }
    }

    private boolean checkInvariants() {
        return 0 <= head && head <= tail && tail <= buf.length && buf.length <= MAX_SPAN
                && (garbageStart < 0 || garbageStart <= position);
    }

    /** The reason the header at the current position cannot start a record, or null if it can. */
    private static final int HEADER_OK = 0;
    private static final int HEADER_BAD_MAGIC = 1;
    private static final int HEADER_SWAPPED = 2;
    private static final int HEADER_TOO_LARGE = 3;
    private static final int HEADER_TOO_SMALL = 4;
    private static final int HEADER_NO_ROOM = 5;

    /** What is wrong with a record header, as one of the {@code HEADER_} codes (cheap: no message). */
    private static int headerFault(int begmagic, int streamId, int recsize) {
        if (begmagic != RawRecordHeaderDescriptor.BEGMAGIC) {
            return begmagic == Short.reverseBytes((short) RawRecordHeaderDescriptor.BEGMAGIC) ? HEADER_SWAPPED : HEADER_BAD_MAGIC;
        }
        if (recsize > RawRecordHeaderDescriptor.MAX_RECSIZE) {
            return HEADER_TOO_LARGE;
        }
        if (recsize < RawRecordHeaderDescriptor.MIN_RECSIZE) {
            return HEADER_TOO_SMALL;
        }
        if (recsize < RawRecordHeaderDescriptor.OVERHEAD && !StreamId.isPad(streamId)) {
            return HEADER_NO_ROOM;
        }
        return HEADER_OK;
    }

    /** The message for a {@link #headerFault} code. */
    private static String headerProblem(int fault, int begmagic, int recsize) {
        return switch (fault) {
            case HEADER_SWAPPED -> "begmagic 0x3412: a byte-swapped (big-endian) stream, which is not supported";
            case HEADER_BAD_MAGIC -> String.format("bad begmagic 0x%04x", begmagic);
            case HEADER_TOO_LARGE -> "recsize " + recsize + " exceeds the 128 MiB record limit";
            case HEADER_TOO_SMALL -> "recsize " + recsize + " is below the 16-byte minimum";
            default -> "recsize " + recsize + " leaves no room for header and trailer";
        };
    }

    private boolean inGarbageRun() {
        return garbageStart >= 0;
    }

    /**
     * The garbage run being searched through right now, as the problem it will be reported as once
     * it ends ({@code KIND offset N: reason}), or null when the decoder is in step with the stream. A
     * live consumer (a target server) can refuse a connection at once instead of waiting for a resync.
     */
    public String garbageInProgress() {
        return garbageStart < 0 ? null
                : ScanProblem.at(garbageKind, garbageStart, garbageReason).toString();
    }

    /** Skips {@code bytes} at the current position as part of a garbage run. */
    private void reject(ProblemKind kind, String reason, int bytes) {
        if (garbageStart < 0) {
            garbageStart = position;
            garbageKind = kind;
            garbageReason = reason;
        }
        head += bytes;
        position += bytes;
    }

    private void reportGarbageRun(long end) {
        if (garbageStart < 0) {
            return;
        }
        long skipped = end - garbageStart;
        listener.onProblem(ScanProblem.at(garbageKind, garbageStart,
                garbageReason + "; skipped " + skipped + " bytes up to offset " + end));
        garbageStart = -1;
        garbageKind = null;
        garbageReason = null;
    }
}
