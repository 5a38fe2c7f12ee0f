package io.kemu.testkit.simulation;

import io.kemu.actors.dispatch.deterministic.DeterministicRuntime;
import io.kemu.testkit.Asks;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * How the simulation's driver thread waits for its actor system. {@link #blocking()}: the driver
 * blocks, the actors run on their own threads, limits are wall-clock time. {@link
 * #deterministic}: the driver thread is the one that runs every actor ({@link
 * DeterministicRuntime#runUntil}), so a wait <em>is</em> running the system until the awaited thing
 * happens; limits are virtual time, and a wait that cannot end (nothing left to run before the limit)
 * fails at once with "the run went quiet". Either way the driver never sends or asks anything while
 * it waits, so the waits themselves add nothing to a deterministic run's trace.
 */
interface DriverWaits {
    /** The reply {@code stage} brings, at most {@code limit} from now; {@code from} names who owes it. */
    <T> T await(CompletionStage<T> stage, Duration limit, String from);

    /** Waits until {@code condition} holds (true) or {@code limit} has passed (false). */
    boolean until(BooleanSupplier condition, Duration limit) throws InterruptedException;

    /** Lets {@code time} pass. */
    void pause(Duration time) throws InterruptedException;

    /** The clock the limits are measured on. */
    long nanoTime();

    /** Blocking waits on wall-clock time, for every thread model but {@code deterministic}. */
    static DriverWaits blocking() {
        return new DriverWaits() {
            @Override
            public <T> T await(CompletionStage<T> stage, Duration limit, String from) {
                return Asks.await(stage, limit, from);
            }

            @Override
            public boolean until(BooleanSupplier condition, Duration limit) throws InterruptedException {
                final long deadline = System.nanoTime() + limit.toNanos();
                while (!condition.getAsBoolean()) {
                    if (System.nanoTime() - deadline >= 0) {
                        return false;
                    }
                    Thread.sleep(10);
                }
                return true;
            }

            @Override
            public void pause(Duration time) throws InterruptedException {
                Thread.sleep(time.toMillis());
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }
        };
    }

    /**
     * Waits that drive {@code runtime} on the calling thread (its driver). {@code tick} runs about
     * every {@code tickEvery} of wall-clock time while a wait lasts (a progress line): it is called
     * between two tasks and must neither send nor ask anything, so that it changes nothing in the run.
     */
    static DriverWaits deterministic(DeterministicRuntime runtime, Runnable tick, Duration tickEvery) {
        return new DriverWaits() {
            private long nextTick = System.nanoTime() + tickEvery.toNanos();

            /** Runs until {@code condition} holds or virtual time would pass {@code limit}, ticking on the way. */
            @Override
            public boolean until(BooleanSupplier condition, Duration limit) {
                final long end = runtime.nanoTime() + limit.toNanos();
                for (;;) {
                    final boolean done = runtime.runUntil(() -> condition.getAsBoolean() || tickDue(), end);
                    if (condition.getAsBoolean()) {
                        return true;
                    }
                    if (!done) {
                        return false;
                    }
                    nextTick = System.nanoTime() + tickEvery.toNanos();
                    tick.run();
                }
            }

            private boolean tickDue() {
                return System.nanoTime() - nextTick >= 0;
            }

            @Override
            public <T> T await(CompletionStage<T> stage, Duration limit, String from) {
                final CompletableFuture<T> future = stage.toCompletableFuture();
                if (!until(future::isDone, limit)) {
                    throw new IllegalStateException("no answer from " + from + ": the run went quiet (nothing left to "
                            + "run) or passed " + limit.toSeconds() + " s of virtual time while waiting for it");
                }
                try {
                    return future.join();
                } catch (CompletionException e) {
                    throw new IllegalStateException("no answer from " + from + ": " + e.getCause(), e.getCause());
                }
            }

            @Override
            public void pause(Duration time) {
                until(() -> false, time);
            }

            @Override
            public long nanoTime() {
                return runtime.nanoTime();
            }
        };
    }
}
