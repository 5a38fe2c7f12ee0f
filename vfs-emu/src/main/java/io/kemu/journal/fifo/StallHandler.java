package io.kemu.journal.fifo;

/**
 * Asked by {@link JournalFifo#reserve} each time a reservation finds too little space, after the
 * stall has been counted: the point where the kernel would {@code tsleep(&fifo.windex, "jwrite")}.
 */
@FunctionalInterface
public interface StallHandler {
    /** Never frees space: the reservation reports {@link JournalFifo#BLOCKED}. */
    StallHandler NONE = fifo -> false;

    /**
     * @return true when space may have been freed and the reservation should check again; false to
     *     give up and report {@link JournalFifo#BLOCKED}. Must not return true without progress
     *     (for example {@code xindex} moved), or the reservation would spin.
     */
    boolean onStall(JournalFifo fifo);
}
