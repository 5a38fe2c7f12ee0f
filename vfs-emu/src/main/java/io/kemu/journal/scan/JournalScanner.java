package io.kemu.journal.scan;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The scanner: bytes in, complete logical transactions out, with restart bookkeeping. It chains a
 * {@link RecordDecoder} (raw records, resynchronisation) and a {@link StreamReassembler} (logical
 * streams), drops pads, and keeps a {@link ResumePoint} up to date after every record. This is
 * jscan's forward read loop ({@code jscan.c}, {@code jsession.c}) with the in-memory duplicate filter
 * the SPEC asks for (section 5, item 12): a replayed stream after a journal restart is recognised
 * even within one run.
 *
 * <p>Incremental: {@link #feed} any chunks, then {@link #finish()} once at the end of input. All
 * callbacks happen synchronously inside those calls. When a callback for a completed transaction
 * runs, {@link #resumePoint()} already counts that transaction as finished, so a consumer that
 * applies it and then persists the resume point never loses or repeats work.
 *
 * <p>Transids are compared as unsigned 64-bit numbers ({@link Transids#compare}).
 *
 * <p>Duplicates (with {@link ScanOptions#skipDuplicates()}): a non-pad record whose transid is at or
 * below the newest one received is skipped; a completed transaction (or the dropped tail of one
 * whose BEGIN was skipped) whose END transid is listed in the resume point is reported through
 * {@link Listener#onDuplicate} instead of being delivered.
 */
public final class JournalScanner {
    /** Receives the scanner's output. */
    public interface Listener {
        /** A complete transaction (possibly aborted, possibly a control stream below 0x100). */
        void onTransaction(Transaction transaction);

        void onProblem(ScanProblem problem);

        /** A transaction already finished before (a replay); nothing to do. */
        default void onDuplicate(long endTransid, long endOffset) {
        }

        /**
         * Every valid raw record, pads and duplicates included, before the scanner processes it. The
         * record's buffer is only valid during the call.
         */
        default void onRecord(RawRecord record) {
        }
    }

    private final Listener listener;
    private final ScanOptions options;
    private final RecordDecoder decoder;
    private final StreamReassembler reassembler;
    private final NavigableSet<Long> finished;
    private long watermark;
    /** Newest non-pad transid received (or the start watermark). */
    private long newest;
    private long records;
    private long pads;
    private long duplicateRecords;
    private long transactions;
    private long duplicateTransactions;

    public JournalScanner(Listener listener, ScanOptions options, ResumePoint start) {
        this(listener, options, start, 0);
    }

    /** A scanner whose first input byte is at stream offset {@code startOffset}. */
    public JournalScanner(Listener listener, ScanOptions options, ResumePoint start, long startOffset) {
        this.listener = listener;
        this.options = options;
        this.watermark = start.watermark();
        this.newest = start.watermark();
        this.finished = new TreeSet<>(Transids.UNSIGNED);
        this.finished.addAll(start.finishedAbove());
        this.reassembler = new StreamReassembler(new ReassemblyListener(), options.limits());
        this.decoder = new RecordDecoder(new DecoderListener(), startOffset);
    }

    public void feed(byte[] src, int off, int len) {
        decoder.feed(src, off, len);
    }

    public void feed(ByteBuffer src) {
        decoder.feed(src);
    }

    /** End of input: reports a truncated tail, open transactions and unterminated fragments. */
    public void finish() {
        decoder.finish();
        reassembler.finish();
    }

    /** The current restart point (a snapshot). */
    public ResumePoint resumePoint() {
        return new ResumePoint(watermark, new ArrayList<>(finished));
    }

    /**
     * The highest transid up to which everything received is finished: the value to acknowledge.
     * Equal to {@code resumePoint().watermark()}.
     */
    public long completedThrough() {
        return watermark;
    }

    /** Newest (non-pad) transid received so far. */
    public long newestTransid() {
        return newest;
    }

    /** Stream offset of the first byte not yet decided on. */
    public long position() {
        return decoder.position();
    }

    /** Bytes received but not yet decided on (part of a record). */
    public int pendingBytes() {
        return decoder.pendingBytes();
    }

    public long records() {
        return records;
    }

    public long pads() {
        return pads;
    }

    public long duplicateRecords() {
        return duplicateRecords;
    }

    public long transactions() {
        return transactions;
    }

    public long duplicateTransactions() {
        return duplicateTransactions;
    }

    public int openTransactions() {
        return reassembler.openTransactions();
    }

    private void onRawRecord(RawRecord record) {
        records++;
        listener.onRecord(record);
        if (record.isPad()) {
            pads++;
            return;
        }
        if (options.skipDuplicates() && !Transids.isAfter(record.transid(), newest)) {
            duplicateRecords++;
            return;
        }
        newest = Transids.max(newest, record.transid());
        reassembler.accept(record);
        advanceWatermark();
    }

    /**
     * Recomputes the watermark from the open transactions and records {@code endTransid} (if not
     * below it) as finished. Invariant afterwards: every element of {@code finished} is above the
     * watermark.
     */
    private void markFinished(long endTransid) {
        advanceWatermark();
        if (Transids.isAfter(endTransid, watermark)) {
            finished.add(endTransid);
        }
    }

    private void advanceWatermark() {
        long w = reassembler.oldestOpenBeginTransid().isPresent()
                ? Transids.min(newest, reassembler.oldestOpenBeginTransid().getAsLong() - 1) : newest;
        if (!options.skipDuplicates() || Transids.isAfter(w, watermark)) {
            watermark = w;
        }
        finished.headSet(watermark, true).clear();
        assert finished.isEmpty() || Transids.isAfter(finished.first(), watermark) : "finished transids must lie above the watermark";
    }

    private final class DecoderListener implements RecordDecoder.Listener {
        @Override
        public void onRecord(RawRecord record) {
            onRawRecord(record);
        }

        @Override
        public void onProblem(ScanProblem problem) {
            listener.onProblem(problem);
        }
    }

    private final class ReassemblyListener implements StreamReassembler.Listener {
        @Override
        public void onTransaction(Transaction transaction) {
            boolean duplicate = options.skipDuplicates() && finished.contains(transaction.endTransid());
            markFinished(transaction.endTransid());
            if (duplicate) {
                duplicateTransactions++;
                listener.onDuplicate(transaction.endTransid(), transaction.endOffset());
            } else {
                transactions++;
                listener.onTransaction(transaction);
            }
        }

        @Override
        public void onFragmentEnd(StreamReassembler.Fragment fragment) {
            boolean duplicate = options.skipDuplicates() && finished.contains(fragment.endTransid());
            markFinished(fragment.endTransid());
            if (duplicate) {
                duplicateTransactions++;
                listener.onDuplicate(fragment.endTransid(), fragment.endOffset());
            } else if (fragment.reason() == StreamReassembler.DropReason.ORPHAN) {
                listener.onProblem(ScanProblem.at(ProblemKind.ORPHAN, fragment.firstOffset(), fragment.firstTransid(),
                        String.format("stream 0x%04x: %d raw records up to the END at offset %d belong to a"
                                + " transaction whose BEGIN was not received; dropped", fragment.streamId(),
                                fragment.recordCount(), fragment.endOffset())));
            }
        }

        @Override
        public void onProblem(ScanProblem problem) {
            listener.onProblem(problem);
        }
    }
}
