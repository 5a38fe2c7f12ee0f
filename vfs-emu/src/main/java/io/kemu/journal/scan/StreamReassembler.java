package io.kemu.journal.scan;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reassembles interleaved logical transactions from raw records, keyed by the 13-bit stream id, and
 * delivers each one when its END record arrives (so in END order). Mirrors the forward direction of
 * jscan's {@code jstream.c}, with two deliberate differences the SPEC asks for (section 5, items 3
 * and 4): a BEGIN on an id that is still open kills the older transaction (reported as
 * {@link ProblemKind#SUPERSEDED}) instead of merging both, and ABORTED is honoured (the transaction
 * is delivered with {@link Transaction#isAborted()} set; consumers drop it).
 *
 * <p>Records with no BEGIN on an id that is not open are an <em>orphan fragment</em> (a transaction
 * whose start was missed; jscan's "collection failed" on a pipe). They are dropped until that id's
 * END and then handed to {@link Listener#onFragmentEnd}, because after a restart they may be the tail
 * of a transaction that was already applied; the listener decides whether that is a problem. A
 * transaction that outgrows {@link ScanLimits} is reported once and then dropped the same way.
 *
 * <p>Invariants: an id is in at most one of {@code open} and {@code dropping}; {@code openBytes} is
 * the sum of the open buffers' capacities and never exceeds {@code limits.maxOpenBytes()}. Pads must
 * not be passed in (their transid is garbage).
 */
public final class StreamReassembler {
    /** Receives completed transactions, ended fragments and problems, synchronously. */
    public interface Listener {
        void onTransaction(Transaction transaction);

        /** The END of a fragment that could not be reassembled (see {@link Fragment}). */
        void onFragmentEnd(Fragment fragment);

        void onProblem(ScanProblem problem);
    }

    /** Why records of a transaction were dropped instead of reassembled. */
    public enum DropReason {
        /** Its BEGIN was never seen. */
        ORPHAN,
        /** It outgrew the reassembly limits (already reported). */
        TOO_LARGE
    }

    /** Records of one transaction that were dropped, from the first dropped record to its END. */
    public record Fragment(int streamId, DropReason reason, long firstOffset, long firstTransid, long endOffset,
            long endTransid, int recordCount) {
    }

    private static final int INITIAL_CAPACITY = 256;

    private final Listener listener;
    private final ScanLimits limits;
    private final Map<Integer, Open> open = new HashMap<>();
    private final Map<Integer, Dropping> dropping = new HashMap<>();
    private long openBytes;

    public StreamReassembler(Listener listener, ScanLimits limits) {
        this.listener = listener;
        this.limits = limits;
    }

    /** Takes one raw record (never a pad). */
    public void accept(RawRecord record) {
        assert !record.isPad() : "pads carry a garbage transid and are not reassembled";
        int id = record.id();
        if (record.isBegin()) {
            closeStale(id, record);
            if (record.isEnd()) {
                deliverSingle(record);
            } else {
                openNew(record);
            }
        } else {
            Open o = open.get(id);
            if (o != null) {
                append(o, record);
            } else {
                dropContinuation(id, record, DropReason.ORPHAN);
            }
        }
        assert checkInvariants();
    }

    /** End of input: every transaction still open and every unterminated fragment is reported. */
    public void finish() {
        for (Open o : sorted(open.values())) {
            listener.onProblem(ScanProblem.at(ProblemKind.INCOMPLETE, o.beginOffset, o.beginTransid,
                    String.format("stream 0x%04x: transaction has no END (%d raw records, %d bytes received)",
                            o.id, o.records, o.length)));
        }
        open.clear();
        openBytes = 0;
        for (Dropping d : dropping.values()) {
            reportUnterminated(d, "the input ended");
        }
        dropping.clear();
    }

    /** The smallest (unsigned) BEGIN transid of a transaction still being reassembled, if any. */
    public OptionalLong oldestOpenBeginTransid() {
        long min = -1L;
        boolean any = false;
        for (Open o : open.values()) {
            min = Transids.min(min, o.beginTransid);
            any = true;
        }
        return any ? OptionalLong.of(min) : OptionalLong.empty();
    }

    public int openTransactions() {
        return open.size();
    }

    /** A BEGIN on {@code id}: whatever was open or being dropped there is dead. */
    private void closeStale(int id, RawRecord begin) {
        Open stale = open.remove(id);
        if (stale != null) {
            openBytes -= stale.buffer.length;
            listener.onProblem(ScanProblem.at(ProblemKind.SUPERSEDED, stale.beginOffset, stale.beginTransid,
                    String.format("stream 0x%04x: transaction never ended; a new BEGIN at offset %d replaces it"
                            + " (%d raw records, %d bytes dropped)", id, begin.offset(), stale.records, stale.length)));
        }
        Dropping d = dropping.remove(id);
        if (d != null) {
            reportUnterminated(d, "a new BEGIN arrived at offset " + begin.offset());
        }
    }

    private void reportUnterminated(Dropping d, String why) {
        if (d.reason == DropReason.ORPHAN) {
            listener.onProblem(ScanProblem.at(ProblemKind.ORPHAN, d.firstOffset, d.firstTransid,
                    String.format("stream 0x%04x: %d raw records without a BEGIN dropped; %s before their END",
                            d.id, d.records, why)));
        }
    }

    private void deliverSingle(RawRecord r) {
        int length = RawRecordHeaderDescriptor.LENGTH + r.payloadLength();
        if (length > limits.maxTransactionBytes()) {
            reportTooLarge(r.id(), r.offset(), r.transid(), length);
            listener.onFragmentEnd(new Fragment(r.id(), DropReason.TOO_LARGE, r.offset(), r.transid(), r.offset(),
                    r.transid(), 1));
            return;
        }
        byte[] data = new byte[length];
        System.arraycopy(r.buffer(), r.index(), data, 0, length);
        listener.onTransaction(new Transaction(r.id(), r.streamId(), r.transid(), r.transid(), r.offset(), r.offset(),
                1, data, length));
    }

    private void openNew(RawRecord r) {
        int length = RawRecordHeaderDescriptor.LENGTH + r.payloadLength();
        int capacity = Math.max(INITIAL_CAPACITY, length);
        if (length > limits.maxTransactionBytes() || openBytes + capacity > limits.maxOpenBytes()) {
            reportTooLarge(r.id(), r.offset(), r.transid(), length);
            Dropping d = new Dropping(r.id(), DropReason.TOO_LARGE, r.offset(), r.transid());
            d.records = 1;
            dropping.put(r.id(), d);
            return;
        }
        Open o = new Open(r.id(), r.offset(), r.transid(), new byte[capacity]);
        System.arraycopy(r.buffer(), r.index(), o.buffer, 0, length);
        o.length = length;
        o.controlBits = r.streamId();
        o.records = 1;
        openBytes += capacity;
        open.put(r.id(), o);
    }

    private void append(Open o, RawRecord r) {
        int n = r.payloadLength();
        long needed = (long) o.length + n;
        if (needed > o.buffer.length && !grow(o, needed)) {
            open.remove(o.id);
            openBytes -= o.buffer.length;
            reportTooLarge(o.id, o.beginOffset, o.beginTransid, needed);
            Dropping d = new Dropping(o.id, DropReason.TOO_LARGE, o.beginOffset, o.beginTransid);
            d.records = o.records;
            dropping.put(o.id, d);
            dropContinuation(o.id, r, DropReason.TOO_LARGE);
            return;
        }
        System.arraycopy(r.buffer(), r.payloadIndex(), o.buffer, o.length, n);
        o.length += n;
        o.controlBits |= r.streamId();
        o.records++;
        if (r.isEnd()) {
            open.remove(o.id);
            openBytes -= o.buffer.length;
            listener.onTransaction(new Transaction(o.id, o.controlBits, o.beginTransid, r.transid(), o.beginOffset,
                    r.offset(), o.records, o.buffer, o.length));
        }
    }

    /** Doubles {@code o}'s buffer to hold {@code needed} bytes; false when the limits forbid it. */
    private boolean grow(Open o, long needed) {
        if (needed > limits.maxTransactionBytes()) {
            return false;
        }
        long capacity = Math.min(Math.max(needed, 2L * o.buffer.length), limits.maxTransactionBytes());
        if (openBytes - o.buffer.length + capacity > limits.maxOpenBytes()) {
            capacity = needed;
            if (openBytes - o.buffer.length + capacity > limits.maxOpenBytes()) {
                return false;
            }
        }
        byte[] bigger = new byte[(int) capacity];
        System.arraycopy(o.buffer, 0, bigger, 0, o.length);
        openBytes += capacity - o.buffer.length;
        o.buffer = bigger;
        return true;
    }

    private void dropContinuation(int id, RawRecord r, DropReason reason) {
        Dropping d = dropping.computeIfAbsent(id, k -> new Dropping(id, reason, r.offset(), r.transid()));
        d.records++;
        if (r.isEnd()) {
            dropping.remove(id);
            listener.onFragmentEnd(new Fragment(id, d.reason, d.firstOffset, d.firstTransid, r.offset(), r.transid(),
                    d.records));
        }
    }

    private void reportTooLarge(int id, long offset, long transid, long bytes) {
        listener.onProblem(ScanProblem.at(ProblemKind.TRANSACTION_TOO_LARGE, offset, transid,
                String.format("stream 0x%04x: transaction needs %d bytes, over the reassembly limit"
                        + " (%d per transaction, %d for all open ones); dropped", id, bytes,
                        limits.maxTransactionBytes(), limits.maxOpenBytes())));
    }

    private static List<Open> sorted(Iterable<Open> values) {
        List<Open> list = new ArrayList<>();
        values.forEach(list::add);
        list.sort((a, b) -> Long.compare(a.beginOffset, b.beginOffset));
        return list;
    }

    private boolean checkInvariants() {
        long sum = 0;
        for (Open o : open.values()) {
            sum += o.buffer.length;
            if (dropping.containsKey(o.id) || o.length > o.buffer.length) {
                return false;
            }
        }
        return sum == openBytes && openBytes <= limits.maxOpenBytes();
    }

    /** A transaction being reassembled. */
    private static final class Open {
        final int id;
        final long beginOffset;
        final long beginTransid;
        byte[] buffer;
        int length;
        int controlBits;
        int records;

        Open(int id, long beginOffset, long beginTransid, byte[] buffer) {
            this.id = id;
            this.beginOffset = beginOffset;
            this.beginTransid = beginTransid;
            this.buffer = buffer;
        }
    }

    /** Records of one id being dropped until its END. */
    private static final class Dropping {
        final int id;
        final DropReason reason;
        final long firstOffset;
        final long firstTransid;
        int records;

        Dropping(int id, DropReason reason, long firstOffset, long firstTransid) {
            this.id = id;
            this.reason = reason;
            this.firstOffset = firstOffset;
            this.firstTransid = firstTransid;
        }
    }
}
