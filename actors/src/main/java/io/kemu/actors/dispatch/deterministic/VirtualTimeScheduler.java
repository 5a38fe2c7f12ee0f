package io.kemu.actors.dispatch.deterministic;

import akka.actor.Cancellable;
import akka.actor.Scheduler;
import akka.event.LoggingAdapter;
import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * Akka's scheduler ({@code akka.scheduler.implementation}) under the deterministic thread model:
 * every timer, {@code ask} timeout and stream timer becomes a timer of the
 * {@link DeterministicRuntime}, due on its virtual clock; when it fires, its task is submitted to
 * the executor it was scheduled with (so it runs when the PRNG picks it). No thread, no wall clock.
 * Repeating tasks reschedule themselves after each run: at a fixed delay, or for a fixed rate at
 * the next multiple of the interval.
 */
public final class VirtualTimeScheduler implements Scheduler {
    private final DeterministicRuntime runtime;

    public VirtualTimeScheduler(Config config, LoggingAdapter log, ThreadFactory threadFactory) {
        this.runtime = DeterministicRuntime.of(config);
    }

    @Override
    public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext executor) {
        final Once once = new Once();
        once.timer = runtime.schedule(delay.toNanos(), () -> executor.execute(runnable));
        return once;
    }

    @Override
    public Cancellable schedule(FiniteDuration initialDelay, FiniteDuration interval, Runnable runnable,
                                ExecutionContext executor) {
        if (interval.toNanos() <= 0) {
            throw new IllegalArgumentException("a repeating task needs a positive interval, not " + interval);
        }
        final Repeating repeating = new Repeating(interval.toNanos(), runnable, executor);
        repeating.arm(initialDelay.toNanos());
        return repeating;
    }

    /** Ticks per second the scheduler resolves: every nanosecond of virtual time. */
    @Override
    public double maxFrequency() {
        return 1e9;
    }

    /** A one-shot task: cancelled while its timer is pending, it never runs. */
    private static final class Once implements Cancellable {
        VirtualClock.Timer timer;

        @Override
        public boolean cancel() {
            if (timer.cancelled || timer.fired) {
                return false;
            }
            timer.cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return timer.cancelled;
        }
    }

    /** A repeating task: each firing submits the task and arms the next timer, until cancelled. */
    private final class Repeating implements Cancellable {
        private final long intervalNanos;
        private final Runnable runnable;
        private final ExecutionContext executor;
        private VirtualClock.Timer timer;
        private boolean cancelled;

        Repeating(long intervalNanos, Runnable runnable, ExecutionContext executor) {
            this.intervalNanos = intervalNanos;
            this.runnable = runnable;
            this.executor = executor;
        }

        void arm(long delayNanos) {
            timer = runtime.schedule(delayNanos, () -> {
                if (!cancelled) {
                    executor.execute(runnable);
                    arm(intervalNanos);
                }
            });
        }

        @Override
        public boolean cancel() {
            if (cancelled) {
                return false;
            }
            cancelled = true;
            timer.cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
