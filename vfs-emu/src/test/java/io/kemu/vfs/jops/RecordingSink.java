package io.kemu.vfs.jops;

import io.kemu.journal.jrecord.RecordBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A test {@link TransactionSink} that captures each transaction as a list of readable operations
 * ("push 801a", "leaf 0402 6600", "pop", "commit" / "abort"), with its stream id.
 */
final class RecordingSink implements TransactionSink {
    /** One captured transaction. */
    static final class Txn implements RecordBuilder {
        final int streamId;
        final List<String> ops = new ArrayList<>();
        boolean finished;

        Txn(int streamId) {
            this.streamId = streamId;
        }

        @Override
        public void push(int rectype) {
            ops.add(String.format("push %04x", rectype));
        }

        @Override
        public void pop() {
            ops.add("pop");
        }

        @Override
        public void leaf(int rectype, byte[] data, int offset, int length) {
            final StringBuilder sb = new StringBuilder(String.format("leaf %04x ", rectype));
            for (int i = 0; i < length; ++i) {
                sb.append(String.format("%02x", data[offset + i] & 0xff));
            }
            ops.add(sb.toString().trim());
        }

        @Override
        public void done(boolean abort) {
            if (finished) {
                throw new AssertionError("done called twice");
            }
            finished = true;
            ops.add(abort ? "abort" : "commit");
        }

        /** The operation types only (push/pop/leaf type), for shape comparisons. */
        List<String> shape() {
            final List<String> out = new ArrayList<>();
            for (String op : ops) {
                out.add(op.startsWith("leaf") ? op.substring(0, 9) : op);
            }
            return out;
        }
    }

    final List<Txn> transactions = new ArrayList<>();

    @Override
    public RecordBuilder begin(int streamId) {
        final Txn txn = new Txn(streamId);
        transactions.add(txn);
        return txn;
    }

    Txn last() {
        return transactions.get(transactions.size() - 1);
    }
}
