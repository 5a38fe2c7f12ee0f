package io.kemu.actors.journal;

/**
 * Where a journal's time went, measured inside its actor in wall-clock nanoseconds summed over its
 * life; for reports only (nothing decides on them). {@code ringWaitNanos}: producers asleep for ring
 * space, as in {@code journal_reserve}'s {@code tsleep}, from the moment the first parked transaction
 * found the ring full until it went in. {@code writerNanos}: the writer's copy of whole records out of
 * the ring ({@code journal_wthread}'s drain). {@code socketNanos}: from a chunk handed to the writer
 * until its stream asked for the next, i.e. the write into the connection and the target's
 * back-pressure.
 */
public record JournalStages(long ringWaitNanos, long writerNanos, long socketNanos) {
    public static final JournalStages NONE = new JournalStages(0, 0, 0);

    public JournalStages plus(JournalStages other) {
        return new JournalStages(ringWaitNanos + other.ringWaitNanos, writerNanos + other.writerNanos,
                socketNanos + other.socketNanos);
    }
}
