package io.kemu.actors.dispatch.deterministic;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import scala.concurrent.BlockContext$;

/**
 * Runs one actor system under the deterministic thread model from start to termination on the
 * calling thread: creates the {@link DeterministicRuntime} for the seed, lets {@code start} create
 * the system over the runtime's configuration (layered over {@code base}) and wire a result
 * callback, drives it until the result arrives (or the run goes quiet, or virtual time passes the
 * limit), terminates the system and drives the shutdown too. The same seed and the same
 * {@code start} give the same {@link Outcome}, trace digest included.
 */
public final class DeterministicRun {
    /** Virtual time the shutdown may take (Akka's coordinated shutdown phases have timeouts of seconds). */
    private static final Duration SHUTDOWN_LIMIT = Duration.ofMinutes(5);

    private DeterministicRun() {
    }

    /** What a run produced: the result (null if none came), the trace digest and size, virtual time used. */
    public record Outcome<T>(long seed, T result, String traceSha256, long deliveries, long tasks, long virtualNanos,
                             String failure) {
        /** The line every deterministic run prints. */
        public String traceLine() {
            return "trace sha256 " + traceSha256;
        }
    }

    /**
     * Runs {@code start} under seed {@code seed} with {@code cpus} simulated CPUs; each trace line
     * also goes to {@code traceSink} (null: none). {@code virtualLimit} bounds the run's virtual time.
     */
    public static <T> Outcome<T> run(long seed, int cpus, Config base, Consumer<String> traceSink, Duration virtualLimit,
                                     BiFunction<Config, Consumer<T>, ActorSystem<?>> start) {
        try (DeterministicRuntime runtime = DeterministicRuntime.create(seed, traceSink)) {
            return BlockContext$.MODULE$.withBlockContext(runtime.blockContext(),
                    () -> drive(runtime, cpus, base, virtualLimit, start));
        }
    }

    private static <T> Outcome<T> drive(DeterministicRuntime runtime, int cpus, Config base, Duration virtualLimit,
                                        BiFunction<Config, Consumer<T>, ActorSystem<?>> start) {
        final AtomicReference<T> result = new AtomicReference<>();
        final Thread driver = Thread.currentThread();
        final AtomicReference<String> foreignResult = new AtomicReference<>();
        final Config config = runtime.config(cpus).withFallback(base).resolve();
        final ActorSystem<?> system = start.apply(config, value -> {
            if (Thread.currentThread() != driver) {
                foreignResult.set(Thread.currentThread().getName());
            }
            result.set(value);
        });
        final boolean finished = runtime.runUntil(() -> result.get() != null, virtualLimit.toNanos());
        system.terminate();
        final boolean terminated = runtime.runUntil(() -> system.whenTerminated().isCompleted(),
                runtime.nanoTime() + SHUTDOWN_LIMIT.toNanos());
        String failure = null;
        if (foreignResult.get() != null) {
            failure = "the result came from thread " + foreignResult.get() + ", not the driver: the run is not "
                    + "deterministic (a CompletionStage callback without the actor's executor?)";
        } else if (!finished) {
            failure = "no result: the run went quiet or passed " + virtualLimit + " of virtual time";
        } else if (!terminated) {
            failure = "the actor system did not terminate within " + SHUTDOWN_LIMIT + " of virtual time";
        } else if (runtime.foreignSubmissions() > 0) {
            failure = runtime.foreignSubmissions() + " tasks came from other threads: the run is not deterministic";
        }
        return new Outcome<>(runtime.seed(), result.get(), runtime.trace().sha256(), runtime.trace().deliveries(),
                runtime.tasksRun(), runtime.nanoTime(), failure);
    }
}
