package io.kemu.journal.fifo;

import static io.kemu.journal.wire.RawRecordHeaderDescriptor.BEGMAGIC;
import static io.kemu.journal.wire.RawRecordHeaderDescriptor.INCOMPLETEMAGIC;
import static io.kemu.journal.wire.RawRecordHeaderDescriptor.OVERHEAD;
import static io.kemu.journal.wire.RawRecordHeaderDescriptor.alignedSize;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.RawRecordTrailerDescriptor;
import io.kemu.journal.wire.StreamId;

/**
 * The journal memory FIFO of {@code sys/kern/vfs_journal.c}: a power-of-two byte ring into which
 * producers reserve, fill and commit raw stream records, from which the writer streams committed
 * records to the target, and in which (full duplex) acknowledgements free space.
 *
 * <h2>Indices</h2>
 * Three byte counters, kept as the kernel keeps them (32-bit ints, modular, masked into the ring on
 * use): {@code xindex} (the oldest byte still needed), {@code rindex} (bytes handed to the target) and
 * {@code windex} (the end of the reservations). As differences, {@code xindex <= rindex <= windex}
 * and {@code windex - xindex <= size}. {@code rindex} and {@code xindex} only move forward; {@code
 * windex} moves back when a truncating commit or an abort can back-index. Every record starts
 * 16-byte aligned and never wraps: a reservation that would cross the end is preceded by a pad.
 *
 * <h2>Sleeping</h2>
 * Where {@code journal_reserve} would sleep ({@code tsleep(&fifo.windex, "jwrite")}) this class
 * counts a {@code fifostall}, sets the wait flag, and asks its {@link StallHandler}: a handler that
 * freed space (for instance by running a writer pass) lets the reservation retry; otherwise the
 * operation returns {@link #BLOCKED} having changed nothing else. An actor parks the caller and
 * retries when space is freed; a single-threaded driver drains and retries.
 *
 * <p>Single-threaded by design: one owner (an actor, a test, a CLI driver) calls everything; the
 * kernel's MP lock becomes confinement, so there are no atomics or fences here.
 */
public final class JournalFifo {
    /** Returned instead of an offset when an operation would sleep. */
    public static final int BLOCKED = -1;

    private final byte[] memory;
    private final int size;
    private final int mask;
    private final boolean fullDuplex;

    private int windex;
    private int rindex;
    private int xindex;
    private long transid;
    private long totalAcked;
    private long fifostalls;
    private boolean writerWaiting;
    private StallHandler stallHandler = StallHandler.NONE;

    /**
     * A ring of {@code size} bytes (any power of two of at least 64; the 64 KiB .. 128 MiB clamp
     * belongs to journal install), zero-filled, whose first record gets {@code firstTransid}.
     */
    public JournalFifo(int size, long firstTransid, boolean fullDuplex) {
        if (size < 64 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two >= 64, got " + size);
        }
        this.memory = new byte[size];
        this.size = size;
        this.mask = size - 1;
        this.fullDuplex = fullDuplex;
        this.transid = firstTransid;
    }

    /** Sets who is asked when a reservation finds too little space; never null. */
    public void stallHandler(StallHandler handler) {
        this.stallHandler = handler == null ? StallHandler.NONE : handler;
    }

    /**
     * Mirrors {@code journal_reserve()}: reserves a record of {@code bytes} payload bytes for
     * {@code streamId} (BEGIN is added) and returns the ring offset of its header, or {@link #BLOCKED}.
     *
     * <p>A reservation that does not fit before the ring's end first fills the tail with a pad
     * ({@code transid} then {@code +1}); the record takes {@code transid} then {@code +2}. The header
     * is left INCOMPLETE until commit or abort. When {@code bytes + 24 + toEnd > size} it can never
     * succeed, even in an empty ring (as in the kernel).
     */
    public int reserve(int streamId, int bytes) {
        final int recsize = bytes + OVERHEAD;
        if (bytes < 0 || recsize > RawRecordHeaderDescriptor.MAX_RECSIZE) {
            throw new IllegalArgumentException("reservation of " + bytes + " payload bytes");
        }
        for (;;) {
            final int availToEnd = size - (windex & mask);
            final int req = recsize > availToEnd ? recsize + availToEnd : recsize;
            final int avail = size - (windex - xindex);
            if (avail < req) {
                writerWaiting = true;
                ++fifostalls;
                if (stallHandler.onStall(this)) {
                    continue;
                }
                return BLOCKED;
            }
            int record = windex & mask;
            if (req != recsize) {
                buildPad(record, availToEnd, transid);
                ++transid;
                record = 0;
            }
            RawRecordHeaderDescriptor.begmagic(memory, record, INCOMPLETEMAGIC);
            RawRecordHeaderDescriptor.recsize(memory, record, recsize);
            RawRecordHeaderDescriptor.streamId(memory, record, streamId | StreamId.BEGIN);
            RawRecordHeaderDescriptor.transid(memory, record, transid);
            transid += 2;
            windex += alignedSize(req);
            assert checkInvariants();
            return record;
        }
    }

    /**
     * Mirrors {@code journal_extend()}: grows the record in {@code reservation} by {@code bytes}.
     * Returns the ring offset at {@code truncBytes} into the (same) payload when the record could
     * grow in place, or the payload of a new record after a <em>pushout</em>: the old record is
     * committed truncated to {@code truncBytes} without END and a fresh record of {@code bytes}
     * payload, BEGIN cleared, continues the logical stream. {@link Reservation#pushedOut()} tells
     * which. Returns {@link #BLOCKED} when the new record's reservation would sleep; the old record is
     * then already committed (as the kernel's would be while it sleeps) and the reservation
     * remembers it, so calling extend again only retries the reservation.
     */
    public int extend(Reservation reservation, int truncBytes, int bytes) {
        if (reservation.isPendingPushout()) {
            return reservePushout(reservation);
        }
        final int record = reservation.record();
        final int recsize = RawRecordHeaderDescriptor.recsize(memory, record);
        final int oldSize = alignedSize(recsize);
        final int newSize = alignedSize(recsize + bytes);
        reservation.pushedOut(false);
        if (newSize == oldSize) {
            RawRecordHeaderDescriptor.recsize(memory, record, recsize + bytes);
            return record + RawRecordHeaderDescriptor.LENGTH + truncBytes;
        }
        if ((windex & mask) == record + oldSize) {
            final int availToEnd = size - record;
            final int avail = size - (windex - xindex) + oldSize;
            if (newSize <= avail && newSize <= availToEnd) {
                windex += newSize - oldSize;
                RawRecordHeaderDescriptor.recsize(memory, record, recsize + bytes);
                assert checkInvariants();
                return record + RawRecordHeaderDescriptor.LENGTH + truncBytes;
            }
        }
        final int id = StreamId.id(RawRecordHeaderDescriptor.streamId(memory, record));
        commit(record, truncBytes, false);
        reservation.pendingPushout(id, bytes);
        return reservePushout(reservation);
    }

    private int reservePushout(Reservation reservation) {
        final int record = reserve(reservation.pendingStreamId(), reservation.pendingBytes());
        if (record == BLOCKED) {
            return BLOCKED;
        }
        final int streamId = RawRecordHeaderDescriptor.streamId(memory, record);
        RawRecordHeaderDescriptor.streamId(memory, record, streamId & ~StreamId.BEGIN);
        reservation.record(record);
        reservation.pushedOut(true);
        return record + RawRecordHeaderDescriptor.LENGTH;
    }

    /**
     * Mirrors {@code journal_commit()}: completes the record at {@code record}. With {@code bytes >=
     * 0} the payload is truncated to {@code bytes}; the freed aligned space is given back by
     * back-indexing {@code windex} when nothing was reserved after it (compared against the
     * unmasked record end, so a record ending exactly at the ring's end never back-indexes, a kernel
     * quirk), otherwise covered by a pad whose transid is the record's + 1. Writes the trailer, sets
     * END when {@code closeout}, and last of all the complete begmagic.
     *
     * @return whether {@code journal_commit_wakeup} would wake the writer: the ring is more than half
     *     full, or a producer is waiting for space
     */
    public boolean commit(int record, int bytes, boolean closeout) {
        assert RawRecordHeaderDescriptor.begmagic(memory, record) == INCOMPLETEMAGIC : "commit of a completed record";
        if (bytes >= 0) {
            final int recsize = RawRecordHeaderDescriptor.recsize(memory, record);
            if (bytes > recsize - OVERHEAD) {
                throw new IllegalArgumentException(
                        "commit of " + bytes + " bytes into a payload of " + (recsize - OVERHEAD));
            }
            final int oldSize = alignedSize(recsize);
            final int newRecsize = bytes + OVERHEAD;
            final int newSize = alignedSize(newRecsize);
            RawRecordHeaderDescriptor.recsize(memory, record, newRecsize);
            if (newSize != oldSize) {
                if ((windex & mask) == record + oldSize) {
                    windex -= oldSize - newSize;
                } else {
                    buildPad(record + newSize, oldSize - newSize,
                            RawRecordHeaderDescriptor.transid(memory, record) + 1);
                }
            }
        }
        final int recsize = RawRecordHeaderDescriptor.recsize(memory, record);
        RawRecordTrailerDescriptor.write(memory, RawRecordTrailerDescriptor.trailerOffset(record, recsize), recsize);
        if (closeout) {
            final int streamId = RawRecordHeaderDescriptor.streamId(memory, record);
            RawRecordHeaderDescriptor.streamId(memory, record, streamId | StreamId.END);
        }
        RawRecordHeaderDescriptor.begmagic(memory, record, BEGMAGIC);
        assert checkInvariants();
        return commitWakeup();
    }

    /**
     * Mirrors {@code journal_abort()}: a record that began its logical stream and still ends at
     * {@code windex} is removed by back-indexing (its bytes stay in memory, its transid is not given
     * back); any other is committed empty with ABORTED|END so scanners drop the logical stream.
     *
     * @return whether the writer should be woken (only when a commit happened)
     */
    public boolean abort(int record) {
        final int streamId = RawRecordHeaderDescriptor.streamId(memory, record);
        final int span = alignedSize(RawRecordHeaderDescriptor.recsize(memory, record));
        if ((streamId & StreamId.BEGIN) != 0 && (windex & mask) == record + span) {
            windex -= span;
            assert checkInvariants();
            return false;
        }
        RawRecordHeaderDescriptor.streamId(memory, record, streamId | StreamId.ABORTED);
        return commit(record, 0, true);
    }

    /**
     * Mirrors {@code journal_build_pad()}: a pad record of {@code recsize} (a multiple of 16, at
     * least 16) at ring offset {@code record}. For a 16-byte pad the trailer overwrites the transid
     * field, which then reads {@link RawRecordHeaderDescriptor#SMALL_PAD_TRANSID}. Only header fields and trailer are written; the inside of
     * the pad keeps whatever the ring held.
     */
    private void buildPad(int record, int recsize, long padTransid) {
        assert RawRecordHeaderDescriptor.isAligned(recsize) && recsize >= RawRecordHeaderDescriptor.MIN_RECSIZE : "pad size " + recsize;
        RawRecordHeaderDescriptor.streamId(memory, record, StreamId.PAD_RECORD);
        RawRecordHeaderDescriptor.recsize(memory, record, recsize);
        RawRecordHeaderDescriptor.transid(memory, record, padTransid);
        RawRecordTrailerDescriptor.write(memory, record + recsize - RawRecordTrailerDescriptor.LENGTH, recsize);
        RawRecordHeaderDescriptor.begmagic(memory, record, BEGMAGIC);
    }

    /** Mirrors {@code journal_commit_wakeup()}: more than half full, or someone waits for space. */
    private boolean commitWakeup() {
        final int avail = size - (windex - xindex);
        return avail < (size >> 1) || writerWaiting;
    }

    /**
     * One pass of {@code journal_wthread}'s loop until it would sleep: hands every contiguous run of
     * complete records to {@code sink} as a slice of the ring (no copy here), stopping at an
     * incomplete record or when everything reserved has been sent.
     *
     * <p>A pad at the head of a run is skipped, not written (in half duplex it is also retired when
     * nothing is outstanding), and the kernel adds the whole pending byte count to {@code
     * total_acked} when it skips one: a quirk reproduced here. Pads inside a run are written. A run
     * stops at the ring's end, so a pass may make two writes. {@code rindex} advances before the
     * write; in half duplex {@code xindex} follows it at once.
     *
     * @return the number of writes and bytes of this pass
     */
    public DrainResult drain(WriteSink sink) {
        return drain(sink, Integer.MAX_VALUE);
    }

    /**
     * {@link #drain(WriteSink)}, but a pass ends once it has written {@code maxBytes}, and a run may
     * also end at a record boundary at or past {@code maxBytes}, though never just before a pad: a
     * pad heading a run is skipped while one inside a run is written, so splitting there would change
     * the stream. The bytes sent are therefore exactly the kernel's; only the places where write
     * calls split differ. Lets a writer bound the memory it holds outside the ring.
     */
    public DrainResult drain(WriteSink sink, int maxBytes) {
        int writes = 0;
        long written = 0;
        while (written < maxBytes) {
            final int bytes = windex - rindex;
            if (bytes == 0) {
                break;
            }
            final int head = rindex & mask;
            if (RawRecordHeaderDescriptor.begmagic(memory, head) == INCOMPLETEMAGIC) {
                break;
            }
            final int headSpan = alignedSize(RawRecordHeaderDescriptor.recsize(memory, head));
            if (RawRecordHeaderDescriptor.streamId(memory, head) == StreamId.PAD_RECORD) {
                if (!fullDuplex && rindex == xindex) {
                    xindex += headSpan;
                    totalAcked += headSpan;
                }
                rindex += headSpan;
                totalAcked += bytes;
                assert checkInvariants();
                continue;
            }
            final int run = contiguousRun(head, bytes, (int) Math.min(bytes, maxBytes - written));
            rindex += run;
            sink.write(memory, head, run);
            ++writes;
            written += run;
            if (!fullDuplex) {
                xindex += run;
                totalAcked += run;
                writerWaiting = false;
            }
            assert checkInvariants();
        }
        return new DrainResult(writes, written);
    }

    /**
     * The bytes {@code journal_wthread} writes in one go from {@code head}: complete records up to
     * {@code bytes} ({@code windex - rindex}), stopping at an incomplete record or at the ring's end,
     * and (kemu's cap, see {@link #drain(WriteSink, int)}) before the first non-pad record at or past
     * {@code limit}.
     */
    private int contiguousRun(int head, int bytes, int limit) {
        final int toEnd = size - head;
        int run = 0;
        int record = head;
        while (run < bytes && RawRecordHeaderDescriptor.begmagic(memory, record) == BEGMAGIC
                && (run < limit || RawRecordHeaderDescriptor.streamId(memory, record) == StreamId.PAD_RECORD)) {
            run += alignedSize(RawRecordHeaderDescriptor.recsize(memory, record));
            if (run >= toEnd) {
                assert run == toEnd : "record crosses the ring's end";
                break;
            }
            record = head + run;
        }
        return run;
    }

    /**
     * Mirrors the body of {@code journal_rthread} for one ack record carrying {@code ackTransid}:
     * retires records from {@code xindex} in ring order while their transid is below the ack, and
     * the one equal to it, stopping before the first larger one. The header's transid is read as
     * is, so a 16-byte pad (whose transid is its trailer) stops every ack below {@link RawRecordHeaderDescriptor#SMALL_PAD_TRANSID}: the
     * kernel's ack stall, reproduced.
     */
    public AckResult ack(long ackTransid) {
        int retired = 0;
        for (;;) {
            if (rindex - xindex == 0) {
                return new AckResult(retired, AckResult.Stop.EMPTY);
            }
            final int tail = xindex & mask;
            assert RawRecordHeaderDescriptor.begmagic(memory, tail) == BEGMAGIC;
            final long recordTransid = RawRecordHeaderDescriptor.transid(memory, tail);
            if (recordTransid > ackTransid) {
                return new AckResult(retired, AckResult.Stop.GREATER);
            }
            final int span = alignedSize(RawRecordHeaderDescriptor.recsize(memory, tail));
            xindex += span;
            totalAcked += span;
            writerWaiting = false;
            ++retired;
            assert checkInvariants();
            if (recordTransid == ackTransid) {
                return new AckResult(retired, AckResult.Stop.EQUAL);
            }
        }
    }

    /**
     * The FIFO part of a journal restart ({@code journal_restart()}): {@code rindex = xindex}, so
     * every byte not acknowledged is sent again to the new target. Lossless only in full duplex.
     */
    public void rewindToAcked() {
        rindex = xindex;
        assert checkInvariants();
    }

    private boolean checkInvariants() {
        final int outstanding = windex - xindex;
        final int unacked = rindex - xindex;
        assert outstanding >= 0 && outstanding <= size : "windex - xindex = " + outstanding;
        assert unacked >= 0 && unacked <= outstanding : "rindex - xindex = " + unacked;
        assert RawRecordHeaderDescriptor.isAligned(windex) && RawRecordHeaderDescriptor.isAligned(rindex)
                && RawRecordHeaderDescriptor.isAligned(xindex) : "unaligned index";
        return true;
    }

    /** The ring memory itself, for slices handed out by {@link #drain} and for tests. */
    public byte[] memory() {
        return memory;
    }

    public int size() {
        return size;
    }

    public boolean fullDuplex() {
        return fullDuplex;
    }

    public int windex() {
        return windex;
    }

    public int rindex() {
        return rindex;
    }

    public int xindex() {
        return xindex;
    }

    /** The transid the next reservation will take. */
    public long transid() {
        return transid;
    }

    /**
     * The transid of the last record reserved: a reservation gives its record {@code transid} and
     * advances the counter by 2 (the odd value is kept for a pad that may precede the next record),
     * so the last record's transid is always two below {@link #transid()}. Meaningful once a record
     * has been reserved; what the ack of that record carries back in full duplex.
     */
    public long lastRecordTransid() {
        return transid - 2;
    }

    public long totalAcked() {
        return totalAcked;
    }

    public long fifostalls() {
        return fifostalls;
    }

    /** {@code MC_JOURNAL_WWAIT}: a reservation found too little space and nobody has freed any since. */
    public boolean writerWaiting() {
        return writerWaiting;
    }

    /** Bytes reserved and not yet retired: {@code windex - xindex} (status' membufused). */
    public int used() {
        return windex - xindex;
    }

    /** Bytes sent and not yet acknowledged: {@code rindex - xindex} (status' membufunacked). */
    public int unacked() {
        return rindex - xindex;
    }

    /** Bytes reserved but not yet handed to the writer: {@code windex - rindex}. */
    public int unsent() {
        return windex - rindex;
    }

    /** A copy of every index and counter, e.g. for a status reply. */
    public FifoState state() {
        return new FifoState(size, windex, rindex, xindex, transid, totalAcked, fifostalls);
    }

    /**
     * A copy of the ring's bytes, indices and counters: with {@link #restore} the way a replay undoes
     * an operation that would have slept. Costs a copy of the whole ring.
     */
    public Snapshot snapshot() {
        return new Snapshot(memory.clone(), state(), writerWaiting);
    }

    /** Puts back everything a {@link #snapshot()} holds except {@code fifostalls}, which only grows. */
    public void restore(Snapshot snapshot) {
        System.arraycopy(snapshot.memory, 0, memory, 0, size);
        final FifoState state = snapshot.state;
        windex = state.windex();
        rindex = state.rindex();
        xindex = state.xindex();
        transid = state.transid();
        totalAcked = state.totalAcked();
        writerWaiting = snapshot.writerWaiting;
        assert checkInvariants();
    }

    /** See {@link #snapshot()}. */
    public static final class Snapshot {
        private final byte[] memory;
        private final FifoState state;
        private final boolean writerWaiting;

        private Snapshot(byte[] memory, FifoState state, boolean writerWaiting) {
            this.memory = memory;
            this.state = state;
            this.writerWaiting = writerWaiting;
        }
    }
}
