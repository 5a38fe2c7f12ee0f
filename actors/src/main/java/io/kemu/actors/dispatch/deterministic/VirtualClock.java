package io.kemu.actors.dispatch.deterministic;

import java.util.PriorityQueue;

/**
 * The virtual clock of one {@link DeterministicRuntime} and its pending timers. Time moves only when
 * {@link #advance} is called (the runtime calls it when no work is runnable), straight to the
 * earliest pending timer; the timers due then fire in the order they were scheduled.
 *
 * <p>Invariants: time never goes backwards; a cancelled timer never fires; a timer fires at most
 * once. Not thread-safe: used only on the run's driver thread.
 */
final class VirtualClock {
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long nowNanos;
    private long timerSeq;

    /** Virtual time in nanoseconds since the run began. */
    long nowNanos() {
        return nowNanos;
    }

    /** Whether any timer is pending (a cancelled one counts until {@link #advance} drops it). */
    boolean hasTimers() {
        return !timers.isEmpty();
    }

    /** Fires {@code task} at now + {@code delayNanos} (a negative delay counts as 0). */
    Timer schedule(long delayNanos, Runnable task) {
        final Timer timer = new Timer(Math.addExact(nowNanos, Math.max(0, delayNanos)), timerSeq++, task);
        timers.add(timer);
        return timer;
    }

    /**
     * Moves the clock to the earliest pending timer and fires the due ones; false, leaving the clock
     * where it is, when that timer is due after {@code limitNanos}.
     */
    boolean advance(long limitNanos) {
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.poll();
        }
        final Timer next = timers.peek();
        if (next == null) {
            return true;
        }
        if (next.dueNanos > limitNanos) {
            return false;
        }
        nowNanos = Math.max(nowNanos, next.dueNanos);
        while (!timers.isEmpty() && timers.peek().dueNanos <= nowNanos) {
            final Timer timer = timers.poll();
            if (!timer.cancelled) {
                timer.fired = true;
                timer.task.run();
            }
        }
        return true;
    }

    /** A pending timer, ordered by due time, then by the order it was scheduled in. */
    static final class Timer implements Comparable<Timer> {
        final long dueNanos;
        final long seq;
        final Runnable task;
        boolean cancelled;
        boolean fired;

        Timer(long dueNanos, long seq, Runnable task) {
            this.dueNanos = dueNanos;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Timer other) {
            final int byTime = Long.compare(dueNanos, other.dueNanos);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }
}
