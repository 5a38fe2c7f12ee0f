package io.kemu.journal.jrecord;

/**
 * Builds one logical stream transaction out of nested sub-records: the operations of the kernel's
 * {@code jrecord_*} virtual-stream API as seen by the journaled-VOP writers ({@code vfs_jops.c}).
 *
 * <p>A transaction is opened elsewhere ({@code jrecord_init}, with its stream id); then any sequence
 * of {@link #push}/{@link #leaf}/{@link #pop} with pushes and pops balanced, then exactly one
 * {@link #done}. The saved parent that {@code jrecord_push} returns is kept on an internal stack, so
 * {@link #pop()} needs no argument.
 *
 * <p>Two implementations: {@link JRecord} writes straight into a {@code JournalFifo}; a program
 * recorder captures the operations so an actor that owns the ring can replay them later. Both
 * produce the same bytes.
 */
public interface RecordBuilder {

    /** {@code jrecord_push}: opens a nested sub-record of {@code rectype} (NESTED is added). */
    void push(int rectype);

    /** {@code jrecord_pop}: closes the innermost open nested sub-record. */
    void pop();

    /** {@code jrecord_leaf}: a leaf sub-record carrying {@code length} bytes of {@code data}. */
    void leaf(int rectype, byte[] data, int offset, int length);

    /** {@code jrecord_leaf} of a whole array. */
    default void leaf(int rectype, byte[] data) {
        leaf(rectype, data, 0, data.length);
    }

    /**
     * {@code jrecord_leaf} of a whole array that its owner guarantees will never change again (a
     * uio's private iovec copies). Same bytes as {@link #leaf(int, byte[])}; a recorder may keep the
     * reference instead of copying the data.
     */
    default void leafImmutable(int rectype, byte[] data) {
        leaf(rectype, data, 0, data.length);
    }

    /**
     * {@code jrecord_done}: commits the transaction (END set), or aborts it when {@code abort} is
     * true (the stream is retracted or marked ABORTED, as {@code journal_abort} decides).
     */
    void done(boolean abort);
}
