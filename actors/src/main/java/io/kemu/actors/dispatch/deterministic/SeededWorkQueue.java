package io.kemu.actors.dispatch.deterministic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The runnable work of a {@link DeterministicRuntime}, taken one task at a time in the order a PRNG
 * seeded with the run's seed picks: the same seed and the same submissions give the same order,
 * another seed another interleaving.
 *
 * <p>Not thread-safe: used only on the run's driver thread (foreign submissions wait in
 * {@link ForeignWork} until the driver moves them here).
 */
final class SeededWorkQueue {
    /** Mixed into the seed so the scheduler's PRNG differs from a workload PRNG given the same seed. */
    private static final long SCHEDULER_SALT = 0x6B656D7544455445L;

    private final SplittableRandom choices;
    private final List<Runnable> runnable = new ArrayList<>();
    private long tasksRun;

    SeededWorkQueue(long seed) {
        this.choices = new SplittableRandom(seed ^ SCHEDULER_SALT);
    }

    void add(Runnable task) {
        runnable.add(task);
    }

    boolean isEmpty() {
        return runnable.isEmpty();
    }

    /** Tasks run so far. */
    long tasksRun() {
        return tasksRun;
    }

    /** Takes the task the PRNG picks among the runnable ones (the last one fills its slot) and runs it. */
    void runOne() {
        final int last = runnable.size() - 1;
        final int index = choices.nextInt(runnable.size());
        final Runnable task = runnable.get(index);
        runnable.set(index, runnable.get(last));
        runnable.remove(last);
        tasksRun++;
        task.run();
    }
}
