package io.kemu.actors.dispatch.deterministic;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.dispatch.ThreadModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import scala.Function0;
import scala.concurrent.BlockContext;
import scala.concurrent.CanAwait;

/**
 * One deterministic run: the single queue of runnable work every dispatcher of an actor system
 * feeds (through {@link DeterministicExecutorConfigurator}; a {@link SeededWorkQueue}), the virtual
 * clock and the timers of its {@link VirtualTimeScheduler} (a {@link VirtualClock}), and the
 * {@link Trace} of the messages delivered. Nothing runs on its own: the thread that created the
 * runtime (the driver) calls {@link #runUntil}, which takes one runnable at a time, chosen among all
 * runnable ones by a PRNG seeded with the run's seed, and runs it on the driver thread. When nothing is runnable, virtual time jumps to the next due timer.
 *
 * <p>Invariants: work runs only on the driver thread, one task at a time; virtual time never goes
 * backwards and moves only when no work is runnable; timers due at the same instant fire in the
 * order they were scheduled, and the work they submit is then picked by the PRNG like any other.
 * Work submitted from another thread breaks determinism: it is still queued (so the system stays
 * live) but counted in {@link #foreignSubmissions()} ({@link ForeignWork}), which a run reports
 * as an error.
 *
 * <p>An actor system finds its runtime by the {@code kemu.deterministic.run-id} of its configuration
 * ({@link #config(int)} sets it); {@link #close()} forgets it.
 */
public final class DeterministicRuntime implements AutoCloseable {
    /** The configuration key naming the runtime an actor system belongs to. */
    public static final String RUN_ID_KEY = "kemu.deterministic.run-id";

    private static final Map<String, DeterministicRuntime> RUNS = new ConcurrentHashMap<>();
    private static final AtomicLong RUN_IDS = new AtomicLong();

    private final long seed;
    private final String runId;
    private final Thread driver;
    private final SeededWorkQueue runnable;
    private final ForeignWork foreign = new ForeignWork();
    private final VirtualClock clock = new VirtualClock();
    private final Trace trace;

    private DeterministicRuntime(long seed, Consumer<String> traceSink) {
        this.seed = seed;
        this.runId = "run-" + RUN_IDS.incrementAndGet();
        this.driver = Thread.currentThread();
        this.runnable = new SeededWorkQueue(seed);
        this.trace = new Trace(traceSink);
        DriverRandom.seedCurrentThread(seed);
    }

    /** A runtime for {@code seed}, driven by the calling thread; no trace lines kept. */
    public static DeterministicRuntime create(long seed) {
        return create(seed, null);
    }

    /** As above, each trace line also handed to {@code traceSink} (null: none) as it is recorded. */
    public static DeterministicRuntime create(long seed, Consumer<String> traceSink) {
        final DeterministicRuntime runtime = new DeterministicRuntime(seed, traceSink);
        RUNS.put(runtime.runId, runtime);
        return runtime;
    }

    /** The runtime an actor system with configuration {@code config} belongs to; a clear error if none. */
    public static DeterministicRuntime of(Config config) {
        if (!config.hasPath(RUN_ID_KEY)) {
            throw new IllegalStateException("kemu.thread-model = deterministic needs a driver: create the ActorSystem "
                    + "with DeterministicRuntime.create(seed).config(cpus).withFallback(ConfigFactory.load()) "
                    + "and drive it with runUntil(...) (or use DeterministicRun)");
        }
        final DeterministicRuntime runtime = RUNS.get(config.getString(RUN_ID_KEY));
        if (runtime == null) {
            throw new IllegalStateException("deterministic run " + config.getString(RUN_ID_KEY) + " is closed");
        }
        return runtime;
    }

    /** The deterministic thread model's settings for {@code cpus} CPUs, naming this runtime. */
    public Config config(int cpus) {
        return ConfigFactory.parseString(RUN_ID_KEY + " = " + runId).withFallback(ThreadModel.DETERMINISTIC.config(cpus));
    }

    public long seed() {
        return seed;
    }

    /** Virtual time in nanoseconds since the run began. */
    public long nanoTime() {
        return clock.nowNanos();
    }

    public Trace trace() {
        return trace;
    }

    /** Tasks run so far. */
    public long tasksRun() {
        return runnable.tasksRun();
    }

    /** Tasks submitted from a thread other than the driver (a determinism violation when not 0). */
    public long foreignSubmissions() {
        return foreign.submissions();
    }

    /** Queues {@code task}; called by the dispatchers' executor. */
    void submit(Runnable task) {
        if (Thread.currentThread() == driver) {
            runnable.add(task);
        } else {
            foreign.queue(task);
        }
    }

    /** Counts a message sent from a thread other than the driver (a determinism violation). */
    void checkSender() {
        if (Thread.currentThread() != driver) {
            foreign.count();
        }
    }

    /** Fires {@code task} at virtual time now + {@code delayNanos}; called by the scheduler. */
    VirtualClock.Timer schedule(long delayNanos, Runnable task) {
        if (Thread.currentThread() != driver) {
            foreign.count();
        }
        return clock.schedule(delayNanos, task);
    }

    /** Records the delivery of {@code message} to {@code receiver}; called by the tracing mailbox. */
    void delivered(String receiver, byte[] receiverUtf8, Object message) {
        trace.record(clock.nowNanos(), receiver, receiverUtf8, message);
    }

    /**
     * Runs work until {@code done} holds (true), nothing is left to run and no timer is pending
     * (false), or virtual time would pass {@code limitNanos} (false). Only the driver thread may call it.
     */
    public boolean runUntil(BooleanSupplier done, long limitNanos) {
        if (Thread.currentThread() != driver) {
            throw new IllegalStateException("a deterministic run is driven by the thread that created it");
        }
        while (!done.getAsBoolean()) {
            foreign.moveTo(runnable);
            if (!runnable.isEmpty()) {
                runnable.runOne();
            } else if (clock.hasTimers()) {
                if (!clock.advance(limitNanos)) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code BlockContext} to install on the driver thread while it creates and drives a system:
     * when code on the driver blocks in {@code Await.result} (Akka's start-up asks its logger and the
     * stream materializer's guardian and waits), the runnable work is run first (virtual time does
     * not move), so the reply is there before the wait begins.
     */
    public BlockContext blockContext() {
        return new BlockContext() {
            @Override
            public <T> T blockOn(Function0<T> thunk, CanAwait permission) {
                runUntilQuiet();
                return thunk.apply();
            }
        };
    }

    /** Runs until no work is runnable and no timer is due now (virtual time does not move). */
    public void runUntilQuiet() {
        runUntil(() -> runnable.isEmpty() && foreign.isEmpty(), clock.nowNanos());
    }

    /** Forgets this runtime: actor systems naming it can no longer be created. */
    @Override
    public void close() {
        RUNS.remove(runId);
    }
}
