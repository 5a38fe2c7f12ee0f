package io.kemu.actors.journal;

import akka.actor.typed.ActorRef;
import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.TransactionProgram;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The producers asleep in {@code journal_reserve}: submitted transactions waiting for their replay
 * into the ring, in arrival order, each with the batch it came in. Plain and single-threaded: only
 * the owning {@link JournalActor} calls it.
 *
 * <p>Invariants: transactions are replayed strictly in arrival order and each exactly once; a
 * batch's producer hears exactly one {@link JournalProtocol.Submitted}: accepted once its last
 * transaction is in the ring, or refused when {@link #discardAll} drops it.
 */
final class ParkedTransactions {

    /** A submitted batch: who hears when all of its transactions are in the ring. */
    private static final class Batch {
        final ActorRef<JournalProtocol.Submitted> replyTo;
        final long tag;
        final int size;
        int remaining;

        Batch(ActorRef<JournalProtocol.Submitted> replyTo, long tag, int size) {
            this.replyTo = replyTo;
            this.tag = tag;
            this.size = size;
            this.remaining = size;
        }
    }

    private record Pending(TransactionProgram program, Batch batch) {}

    private final String journal;
    private final ArrayDeque<Pending> parked = new ArrayDeque<>();
    /** When the head transaction first found the ring full; -1 while nobody waits for room. */
    private long blockedSince = -1;
    private long ringWaitNanos;

    ParkedTransactions(String journal) {
        this.journal = journal;
    }

    /** Parks a batch behind everything already parked; an empty batch is answered at once. */
    void add(List<TransactionProgram> programs, long tag, ActorRef<JournalProtocol.Submitted> replyTo) {
        if (programs.isEmpty()) {
            replyTo.tell(new JournalProtocol.Submitted(tag, journal, true, 0, ""));
            return;
        }
        final Batch batch = new Batch(replyTo, tag, programs.size());
        for (TransactionProgram program : programs) {
            parked.add(new Pending(program, batch));
        }
    }

    /**
     * Replays parked transactions into {@code fifo} in order until one would sleep; tells each batch
     * whose last transaction went in, and {@code committed} each transaction's last transid. Returns
     * whether the writer must be woken: a commit asked for it ({@code journal_commit_wakeup}), or a
     * producer is left waiting (the WWAIT half of the rule).
     */
    boolean replay(JournalFifo fifo, LongConsumer committed) {
        boolean wake = false;
        while (!parked.isEmpty()) {
            final Pending head = parked.peek();
            if (head.program().runOn(fifo) == TransactionProgram.Progress.BLOCKED) {
                if (blockedSince < 0) {
                    blockedSince = System.nanoTime();
                }
                return true;
            }
            endWait();
            parked.poll();
            wake |= head.program().wakeupRequested();
            committed.accept(head.program().committedTransid());
            final Batch batch = head.batch();
            if (--batch.remaining == 0) {
                batch.replyTo.tell(new JournalProtocol.Submitted(batch.tag, journal, true, batch.size, ""));
            }
        }
        return wake;
    }

    /** Drops everything parked, refusing each unanswered batch with {@code reason}; returns how many were dropped. */
    int discardAll(String reason) {
        final int dropped = parked.size();
        for (Pending pending : parked) {
            final Batch batch = pending.batch();
            if (batch.remaining > 0) {
                batch.remaining = 0;
                batch.replyTo.tell(new JournalProtocol.Submitted(batch.tag, journal, false, 0, reason));
            }
        }
        parked.clear();
        endWait();
        return dropped;
    }

    private void endWait() {
        if (blockedSince >= 0) {
            ringWaitNanos += System.nanoTime() - blockedSince;
            blockedSince = -1;
        }
    }

    /** Time producers spent asleep for ring space so far (see {@link JournalStages}). */
    long ringWaitNanos() {
        return ringWaitNanos + (blockedSince < 0 ? 0 : System.nanoTime() - blockedSince);
    }

    int size() {
        return parked.size();
    }

    boolean isEmpty() {
        return parked.isEmpty();
    }
}
