package io.kemu.actors.dispatch;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import io.kemu.actors.dispatch.deterministic.DeterministicRuntime;
import java.util.function.LongSupplier;

/**
 * The monotonic clock actors read for latencies and deadlines ({@code System.nanoTime()} under every
 * thread model but {@code deterministic}, where it is the run's virtual time, so that a seed
 * replays the same decisions and the same figures). An actor system extension:
 * {@code ActorClock.get(context.getSystem()).nanoTime()}.
 */
public final class ActorClock implements Extension {
    private static final Id ID = new Id();

    private final LongSupplier nanos;

    private ActorClock(LongSupplier nanos) {
        this.nanos = nanos;
    }

    public static ActorClock get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** Nanoseconds on a monotonic clock; only differences are meaningful. */
    public long nanoTime() {
        return nanos.getAsLong();
    }

    private static final class Id extends ExtensionId<ActorClock> {
        @Override
        public ActorClock createExtension(ActorSystem<?> system) {
            if (ThreadModel.fromConfig(system.settings().config()) == ThreadModel.DETERMINISTIC) {
                return new ActorClock(DeterministicRuntime.of(system.settings().config())::nanoTime);
            }
            return new ActorClock(System::nanoTime);
        }
    }
}
