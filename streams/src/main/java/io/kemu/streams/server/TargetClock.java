package io.kemu.streams.server;

import akka.actor.typed.ActorSystem;
import io.kemu.actors.dispatch.ActorClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time a {@link JournalStore} reads and the timer it retries on: when a record has stayed
 * incomplete too long (the slow-sender cut) and when a connection waiting for the session in
 * progress tries again. {@link #SYSTEM} is the wall clock and a JDK timer thread (a real target);
 * {@link #of(ActorSystem)} is the actor system's clock and scheduler, which under the deterministic
 * thread model are virtual and run on the driver thread, so a simulated target neither reads the wall
 * clock nor wakes another thread.
 */
public interface TargetClock {
    /** Nanoseconds on a monotonic clock; only differences are meaningful. */
    long nanoTime();

    /** Runs {@code task} once, {@code delay} from now. */
    void schedule(Duration delay, Runnable task);

    /** {@code System.nanoTime()} and {@code CompletableFuture.delayedExecutor}: what every real target uses. */
    TargetClock SYSTEM = new TargetClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
            CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(task);
        }
    };

    /** {@code system}'s {@link ActorClock} and scheduler; the task runs on the system's default dispatcher. */
    static TargetClock of(ActorSystem<?> system) {
        final ActorClock clock = ActorClock.get(system);
        return new TargetClock() {
            @Override
            public long nanoTime() {
                return clock.nanoTime();
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                system.scheduler().scheduleOnce(delay, task, system.executionContext());
            }
        };
    }
}
