package io.kemu.actors.dispatch.deterministic;

import java.util.ArrayList;
import java.util.List;

/**
 * What reached a {@link DeterministicRuntime} from a thread other than its driver: each such task,
 * message or timer is counted (a determinism violation a run reports as an error), and tasks are
 * kept until the driver takes them, so the system stays live.
 *
 * <p>Thread-safe (every method holds this object's lock): any thread may submit, only the driver
 * takes.
 */
final class ForeignWork {
    private final List<Runnable> queued = new ArrayList<>();
    private long submissions;

    /** Counts {@code task} and keeps it for the driver. */
    synchronized void queue(Runnable task) {
        submissions++;
        queued.add(task);
    }

    /** Counts a message sent or a timer scheduled from a foreign thread. */
    synchronized void count() {
        submissions++;
    }

    /** How many submissions came from foreign threads so far. */
    synchronized long submissions() {
        return submissions;
    }

    synchronized boolean isEmpty() {
        return queued.isEmpty();
    }

    /** Hands every kept task to the driver's {@code runnable} work, in arrival order. */
    synchronized void moveTo(SeededWorkQueue runnable) {
        if (!queued.isEmpty()) {
            queued.forEach(runnable::add);
            queued.clear();
        }
    }
}
