package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import io.kemu.vfs.jops.JournalId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mount's batches in flight: which journals have not yet taken each batch into their rings, and
 * whether a new batch may run now. A producer hears {@link MountProtocol.Executed} exactly once, when
 * the last journal holding part of its batch has it (the kernel's producer leaving
 * {@code journal_reserve}). Plain and single-threaded: only {@link MountActor} calls it.
 *
 * <p>Flow control: while {@code maxInFlight} batches wait for ring space, {@link #hasRoom} is false
 * and the actor holds new requests back (in its stash); each completed batch lets one through.
 */
final class BatchTracker {

    /** One batch: its producer, its counts, and the journals it still waits for. */
    static final class Batch {
        private final ActorRef<MountProtocol.Executed> replyTo;
        private final int ops;
        private final int failed;
        private final Set<JournalId> awaiting = new HashSet<>();
        private String refused = "";

        private Batch(ActorRef<MountProtocol.Executed> replyTo, int ops, int failed) {
            this.replyTo = replyTo;
            this.ops = ops;
            this.failed = failed;
        }

        /** {@code journal} got part of this batch and will answer for it. */
        void await(JournalId journal) {
            awaiting.add(journal);
        }
    }

    private final int maxInFlight;
    private final Map<Long, Batch> inFlight = new HashMap<>();
    private long nextTag;

    BatchTracker(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Whether another batch may run now. */
    boolean hasRoom() {
        return inFlight.size() < maxInFlight;
    }

    int inFlight() {
        return inFlight.size();
    }

    /** A batch whose VOPs ran: {@code ops} of them, {@code failed} with an errno. */
    Batch open(ActorRef<MountProtocol.Executed> replyTo, int ops, int failed) {
        return new Batch(replyTo, ops, failed);
    }

    /** The tag the next {@link #track} gives; journals echo it. */
    long nextTag() {
        return nextTag;
    }

    /** Starts waiting for the journals {@code batch} awaits; with none, answers at once. */
    void track(Batch batch) {
        final long tag = nextTag++;
        if (batch.awaiting.isEmpty()) {
            reply(batch);
        } else {
            inFlight.put(tag, batch);
        }
    }

    /**
     * {@code journal} answered batch {@code tag} ({@code refusal} non-empty when it would not take
     * it). Returns whether the batch is now complete (and its producer answered).
     */
    boolean journalDone(long tag, JournalId journal, String refusal) {
        final Batch batch = inFlight.get(tag);
        if (batch == null) {
            return false;
        }
        if (!refusal.isEmpty()) {
            batch.refused = refusal;
        }
        return settle(tag, batch, journal);
    }

    /**
     * {@code journal} is gone without answering: every batch waiting on it is refused with
     * {@code reason} for it. Returns how many batches completed.
     */
    int journalGone(JournalId journal, String reason) {
        int completed = 0;
        for (Iterator<Map.Entry<Long, Batch>> it = new TreeMap<>(inFlight).entrySet().iterator(); it.hasNext(); ) {
            final Map.Entry<Long, Batch> entry = it.next();
            if (entry.getValue().awaiting.contains(journal)) {
                entry.getValue().refused = reason;
                completed += settle(entry.getKey(), entry.getValue(), journal) ? 1 : 0;
            }
        }
        return completed;
    }

    private boolean settle(long tag, Batch batch, JournalId journal) {
        batch.awaiting.remove(journal);
        if (!batch.awaiting.isEmpty()) {
            return false;
        }
        inFlight.remove(tag);
        reply(batch);
        return true;
    }

    private static void reply(Batch batch) {
        batch.replyTo.tell(new MountProtocol.Executed(batch.ops, batch.failed, batch.refused));
    }
}
