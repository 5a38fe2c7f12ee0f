package io.kemu.journal.jrecord;

import io.kemu.journal.fifo.JournalFifo;
import java.util.Arrays;

/**
 * A recorded transaction: the {@link RecordBuilder} calls of one journaled VOP, captured so that the
 * actor owning the ring can replay them into its {@link JournalFifo} later, producing exactly the
 * bytes a direct {@link JRecord} would have. Operations are packed into two int arrays and one byte
 * array (leaf data copied once), so a small VOP costs a few small allocations, not one per call.
 * Leaves given by {@link #leafImmutable} (a write's data) are not copied at all: the program keeps
 * a reference to the array, which its owner promised never to change, and replays from it.
 *
 * <p>Replay is resumable: {@link #runOn} returns {@link Progress#BLOCKED} where the kernel's
 * producer would sleep in {@code journal_reserve}, and the next call continues from that point. A
 * program is recorded once ({@link #done} seals it) and replayed once.
 */
public final class TransactionProgram implements RecordBuilder {
    private static final int OP_PUSH = 1;
    private static final int OP_POP = 2;
    private static final int OP_LEAF = 3;
    private static final int OP_LEAF_REF = 4;

    /** How far a replay got. */
    public enum Progress { DONE, BLOCKED }

    private final int streamId;
    private int[] ops = new int[16];
    private int[] args = new int[16];
    private int opCount;
    private byte[] data = new byte[64];
    private int dataLength;
    private byte[][] refs;
    private int refCount;
    private int refBytes;
    private boolean sealed;
    private boolean abort;

    private JRecord jrec;
    private int nextOp;
    private int nextData;
    private boolean wakeup;
    private long committedTransid = -1;

    public TransactionProgram(int streamId) {
        this.streamId = streamId;
    }

    private void append(int op, int arg) {
        if (sealed) {
            throw new IllegalStateException("transaction already done");
        }
        if (opCount == ops.length) {
            ops = Arrays.copyOf(ops, opCount * 2);
            args = Arrays.copyOf(args, opCount * 2);
        }
        ops[opCount] = op;
        args[opCount] = arg;
        ++opCount;
    }

    @Override
    public void push(int rectype) {
        append(OP_PUSH, rectype);
    }

    @Override
    public void pop() {
        append(OP_POP, 0);
    }

    /** Records a leaf: its rectype, then (as the next arg slot) its length; the bytes are copied. */
    @Override
    public void leaf(int rectype, byte[] bytes, int offset, int length) {
        append(OP_LEAF, rectype);
        append(0, length);
        if (dataLength + length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + length));
        }
        System.arraycopy(bytes, offset, data, dataLength, length);
        dataLength += length;
    }

    /** Records a leaf by reference: its rectype, then (as the next arg slot) its index in the refs. */
    @Override
    public void leafImmutable(int rectype, byte[] bytes) {
        append(OP_LEAF_REF, rectype);
        append(0, refCount);
        if (refs == null) {
            refs = new byte[4][];
        } else if (refCount == refs.length) {
            refs = Arrays.copyOf(refs, refCount * 2);
        }
        refs[refCount++] = bytes;
        refBytes += bytes.length;
    }

    @Override
    public void done(boolean abortIt) {
        if (sealed) {
            throw new IllegalStateException("transaction already done");
        }
        sealed = true;
        abort = abortIt;
    }

    public int streamId() {
        return streamId;
    }

    /** Whether the transaction is to be aborted rather than committed. */
    public boolean aborted() {
        return abort;
    }

    /** Leaf payload bytes in this transaction, copied or referenced (a lower bound of its ring footprint). */
    public int dataBytes() {
        return dataLength + refBytes;
    }

    /**
     * Replays the recorded operations into {@code fifo}, from {@code jrecord_init} to {@code
     * jrecord_done}, continuing where a previous call blocked. Must be called with the same ring
     * every time.
     */
    public Progress runOn(JournalFifo fifo) {
        if (!sealed) {
            throw new IllegalStateException("transaction not done yet");
        }
        if (jrec == null) {
            jrec = JRecord.tryInit(fifo, streamId);
            if (jrec == null) {
                return Progress.BLOCKED;
            }
        }
        if (jrec.hasPendingLeaf()) {
            if (!jrec.tryResumeLeaf()) {
                return Progress.BLOCKED;
            }
            if (ops[nextOp] == OP_LEAF) {
                nextData += args[nextOp + 1];
            }
            nextOp += 2;
        }
        while (nextOp < opCount) {
            final int op = ops[nextOp];
            final boolean ok;
            switch (op) {
                case OP_PUSH -> ok = jrec.tryPush(args[nextOp]);
                case OP_POP -> ok = jrec.tryPop();
                case OP_LEAF -> {
                    final int length = args[nextOp + 1];
                    if (!jrec.tryLeaf(args[nextOp], data, nextData, length)) {
                        return Progress.BLOCKED;
                    }
                    nextData += length;
                    nextOp += 2;
                    continue;
                }
                case OP_LEAF_REF -> {
                    final byte[] ref = refs[args[nextOp + 1]];
                    if (!jrec.tryLeaf(args[nextOp], ref, 0, ref.length)) {
                        return Progress.BLOCKED;
                    }
                    nextOp += 2;
                    continue;
                }
                default -> throw new IllegalStateException("corrupt program op " + op);
            }
            if (!ok) {
                return Progress.BLOCKED;
            }
            ++nextOp;
        }
        wakeup = jrec.finish(abort);
        committedTransid = fifo.lastRecordTransid();
        return Progress.DONE;
    }

    /**
     * After a replay reached DONE: the transid of the transaction's last record, the one whose ack
     * tells that the whole transaction reached the target; -1 before.
     */
    public long committedTransid() {
        return committedTransid;
    }

    /** After a replay reached DONE: whether {@code journal_commit_wakeup} asked for the writer. */
    public boolean wakeupRequested() {
        return wakeup;
    }
}
