package io.kemu.journal.jrecord;

import static io.kemu.journal.wire.RawRecordHeaderDescriptor.DEFAULT_SIZE;
import static io.kemu.journal.wire.RawRecordHeaderDescriptor.LENGTH;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.fifo.Reservation;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.SubRecordDescriptor;
import java.util.Arrays;

/**
 * The kernel's virtual-stream builder ({@code struct jrecord} and {@code jrecord_init/push/pop/
 * write/data/leaf/done}): writes one logical stream of nested sub-records into a {@link JournalFifo},
 * growing the current raw record in place where it can and pushing it out (committing it without
 * END and continuing in a fresh record without BEGIN) where it cannot.
 *
 * <h2>Invariants</h2>
 * {@code ptr} is a ring offset inside the current record's payload; {@code resid} bytes remain
 * reserved after it, {@code rsv} were reserved in all, so {@code rsv - resid} payload bytes are
 * written. {@code parent} and {@code last} are ring offsets of sub-record headers in the current
 * record, or {@link #NONE} once a pushout moved them out of reach; {@code good} counts the open
 * pushes whose headers are still reachable ({@code pushptrgood}). A nested header whose end was
 * unknown when it left the ring keeps recsize -1; the outermost nested record never gets LAST.
 *
 * <h2>Sleeping</h2>
 * The {@code try*} methods return false where the kernel would sleep in {@code journal_reserve}.
 * Nothing has changed then except what the kernel had already done before sleeping (a pushed-out
 * record committed, leaf bytes already copied), and calling the same method again continues: a
 * blocked {@link #tryLeaf} resumes with {@link #tryResumeLeaf()}. The {@link RecordBuilder} methods
 * expect a {@link io.kemu.journal.fifo.StallHandler} that always frees space and throw
 * {@link JournalFullException} otherwise.
 */
public final class JRecord implements RecordBuilder {
    /** A sub-record offset that is not (or no longer) reachable: the kernel's NULL. */
    public static final int NONE = -1;

    private final JournalFifo fifo;
    private final byte[] ring;
    private final int streamId;
    private final Reservation reservation = new Reservation();
    private int ptr;
    private int reserved;
    private int resid;
    private int parent = NONE;
    private int last = NONE;
    private int pushCount;
    private int pushPtrGood;
    private int residual;
    private int residualAlign;
    private int[] savedParents = new int[8];
    private byte[] pendingData;
    private int pendingOffset;
    private int pendingLength;

    private JRecord(JournalFifo fifo, int streamId) {
        this.fifo = fifo;
        this.ring = fifo.memory();
        this.streamId = streamId;
    }

    /**
     * Mirrors {@code jrecord_init()}: starts a logical stream on {@code streamId} by reserving the
     * default 64-byte build space, or returns null when that reservation would sleep.
     */
    public static JRecord tryInit(JournalFifo fifo, int streamId) {
        final int record = fifo.reserve(streamId, DEFAULT_SIZE);
        if (record == JournalFifo.BLOCKED) {
            return null;
        }
        final JRecord jrec = new JRecord(fifo, streamId);
        jrec.reservation.record(record);
        jrec.reserved = DEFAULT_SIZE;
        jrec.resid = DEFAULT_SIZE;
        jrec.ptr = record + LENGTH;
        return jrec;
    }

    /** {@link #tryInit} for a ring whose stall handler always frees space. */
    public static JRecord init(JournalFifo fifo, int streamId) {
        final JRecord jrec = tryInit(fifo, streamId);
        if (jrec == null) {
            throw new JournalFullException("jrecord_init of stream " + streamId);
        }
        return jrec;
    }

    /**
     * Grows the build space by {@code ext} bytes through {@code journal_extend}, truncating at what
     * has been written. After a pushout the new record holds exactly {@code ext} bytes and every
     * saved header pointer is gone ({@code last} too, when called from data).
     */
    private boolean grow(int ext, boolean fromData) {
        final int p = fifo.extend(reservation, reserved - resid, ext);
        if (p == JournalFifo.BLOCKED) {
            return false;
        }
        ptr = p;
        if (reservation.pushedOut()) {
            reserved = ext;
            resid = ext;
            parent = NONE;
            pushPtrGood = 0;
            if (fromData) {
                last = NONE;
            }
        } else {
            reserved += ext;
            resid += ext;
        }
        return true;
    }

    /**
     * Mirrors {@code jrecord_write()}: a sub-record header for {@code bytes} of payload still to come
     * through data. A nested header with no known size gets recsize -1. Returns the header's ring
     * offset, or {@link #NONE} if growing the build space would sleep (nothing written then).
     */
    public int tryWrite(int rectype, int bytes) {
        assert residual == 0 : "previous sub-record has " + residual + " bytes outstanding";
        if (resid < SubRecordDescriptor.LENGTH && !grow(DEFAULT_SIZE, false)) {
            return NONE;
        }
        final int header = ptr;
        final int recsize = (rectype & RecordType.NESTED) != 0 && bytes == 0
                ? SubRecordDescriptor.UNKNOWN_SIZE
                : SubRecordDescriptor.LENGTH + bytes;
        SubRecordDescriptor.write(ring, header, rectype & 0xFFFF, recsize);
        last = header;
        residual = bytes;
        residualAlign = SubRecordDescriptor.paddingAfter(bytes);
        ptr += SubRecordDescriptor.LENGTH;
        resid -= SubRecordDescriptor.LENGTH;
        return header;
    }

    /**
     * Mirrors {@code jrecord_data()}: copies {@code length} bytes of the current leaf, filling the
     * build space and growing it by a quarter of the ring (or just what is left, 16-aligned) until
     * everything fits; then pads the leaf to 8-byte alignment once it is complete.
     */
    private boolean data(byte[] src, int offset, int length) {
        int n = length;
        int from = offset;
        while (resid < n) {
            System.arraycopy(src, from, ring, ptr, resid);
            from += resid;
            n -= resid;
            residual -= resid;
            resid = 0;
            int ext = fifo.size() / 4;
            if (ext > n) {
                ext = RawRecordHeaderDescriptor.alignedSize(n);
            }
            if (!grow(ext, true)) {
                return false;
            }
        }
        if (n > 0) {
            System.arraycopy(src, from, ring, ptr, n);
            ptr += n;
            resid -= n;
            residual -= n;
        }
        if (residual == 0 && residualAlign > 0) {
            assert residualAlign <= resid : "no room for leaf alignment";
            Arrays.fill(ring, ptr, ptr + residualAlign, (byte) 0);
            ptr += residualAlign;
            resid -= residualAlign;
            residualAlign = 0;
        }
        return true;
    }

    /**
     * Mirrors {@code jrecord_leaf()}: a leaf header and its data. Returns false if it would sleep;
     * continue with {@link #tryResumeLeaf()} (the header may already be written and part of the
     * data copied, exactly as far as the kernel would have got).
     */
    public boolean tryLeaf(int rectype, byte[] data, int offset, int length) {
        if (pendingData != null) {
            throw new IllegalStateException("a blocked leaf must be resumed first");
        }
        if (tryWrite(rectype, length) == NONE) {
            return false;
        }
        pendingData = data;
        pendingOffset = offset;
        pendingLength = length;
        return tryResumeLeaf();
    }

    /** Continues a leaf whose header or data could not be completed. */
    public boolean tryResumeLeaf() {
        final int remaining = residual;
        if (!data(pendingData, pendingOffset + pendingLength - remaining, remaining)) {
            return false;
        }
        pendingData = null;
        return true;
    }

    /** Whether a leaf's data is still outstanding after a blocked {@link #tryLeaf}. */
    public boolean hasPendingLeaf() {
        return pendingData != null;
    }

    /**
     * Mirrors {@code jrecord_push()}: opens a nested sub-record (size unknown, -1) and remembers the
     * previous parent for the matching pop.
     */
    public boolean tryPush(int rectype) {
        final int save = parent;
        final int header = tryWrite(rectype | RecordType.NESTED, 0);
        if (header == NONE) {
            return false;
        }
        parent = header;
        last = NONE;
        ++pushCount;
        ++pushPtrGood;
        if (pushCount > savedParents.length) {
            savedParents = Arrays.copyOf(savedParents, savedParents.length * 2);
        }
        savedParents[pushCount - 1] = save;
        return true;
    }

    /**
     * Mirrors {@code jrecord_pop()}: marks the last sub-record of the closing level LAST (writing a
     * PAD leaf with LAST when the level is empty or its last header was pushed out), and fixes the
     * closing header's size when it is still reachable ({@code pushptrgood}); otherwise it keeps -1.
     */
    public boolean tryPop() {
        if (pushCount <= 0) {
            throw new IllegalStateException("jrecord_pop without a push");
        }
        final int save = savedParents[pushCount - 1];
        int lastHeader = last;
        if (lastHeader == NONE) {
            lastHeader = tryWrite(RecordType.LAST, 0);
            if (lastHeader == NONE) {
                return false;
            }
        } else {
            SubRecordDescriptor.rectype(ring, lastHeader,
                    SubRecordDescriptor.rectype(ring, lastHeader) | RecordType.LAST);
        }
        last = parent;
        --pushCount;
        if (pushPtrGood > 0) {
            --pushPtrGood;
            parent = pushPtrGood == 0 ? NONE : save;
            final int lastSize = SubRecordDescriptor.recsize(ring, lastHeader);
            SubRecordDescriptor.recsize(ring, last, lastHeader + lastSize - last);
        } else {
            parent = NONE;
        }
        return true;
    }

    /**
     * Mirrors {@code jrecord_done()}: commits the current record truncated to what was written, with
     * END, or aborts it ({@code journal_abort}). Never sleeps.
     *
     * @return whether the writer should be woken ({@code journal_commit_wakeup})
     */
    public boolean finish(boolean abort) {
        if (abort) {
            pendingData = null;
            return fifo.abort(reservation.record());
        }
        if (pushCount != 0 || residual != 0 || pendingData != null) {
            throw new IllegalStateException("jrecord_done with " + pushCount + " open pushes and "
                    + residual + " leaf bytes outstanding");
        }
        return fifo.commit(reservation.record(), reserved - resid, true);
    }

    @Override
    public void push(int rectype) {
        if (!tryPush(rectype)) {
            throw new JournalFullException("jrecord_push of 0x" + Integer.toHexString(rectype));
        }
    }

    @Override
    public void pop() {
        if (!tryPop()) {
            throw new JournalFullException("jrecord_pop");
        }
    }

    @Override
    public void leaf(int rectype, byte[] data, int offset, int length) {
        if (!tryLeaf(rectype, data, offset, length)) {
            throw new JournalFullException("jrecord_leaf of " + length + " bytes");
        }
    }

    @Override
    public void done(boolean abort) {
        finish(abort);
    }

    public int streamId() {
        return streamId;
    }

    /** Ring offset of the current raw record's header. */
    public int record() {
        return reservation.record();
    }

    /** Ring offset of the write pointer ({@code stream_ptr}). */
    public int ptr() {
        return ptr;
    }

    /** {@code stream_reserved}. */
    public int reserved() {
        return reserved;
    }

    /** {@code stream_residual}. */
    public int resid() {
        return resid;
    }

    /** {@code pushcount}. */
    public int pushCount() {
        return pushCount;
    }

    /** {@code pushptrgood}. */
    public int pushPtrGood() {
        return pushPtrGood;
    }

    /**
     * A deep copy of this builder's state, bound to the same ring: with {@link
     * JournalFifo#snapshot()}, how a replay undoes an operation that would have slept.
     */
    public JRecord copy() {
        if (pendingData != null) {
            throw new IllegalStateException("cannot copy a builder with a blocked leaf");
        }
        final JRecord copy = new JRecord(fifo, streamId);
        copy.reservation.record(reservation.record());
        copy.ptr = ptr;
        copy.reserved = reserved;
        copy.resid = resid;
        copy.parent = parent;
        copy.last = last;
        copy.pushCount = pushCount;
        copy.pushPtrGood = pushPtrGood;
        copy.residual = residual;
        copy.residualAlign = residualAlign;
        copy.savedParents = savedParents.clone();
        return copy;
    }
}
