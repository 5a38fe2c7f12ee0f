package io.kemu.bench;

import akka.stream.javadsl.Sink;
import io.kemu.streams.JournalTargets;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.workload.Step;
import io.kemu.actors.mount.MountProtocol;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Journaled small VOPs per second, through the actors and directly, on identical work: the same
 * {@link SmallVops} steps (16-byte writes and chmods on four existing files) on a mount with one
 * half-duplex journal whose target discards everything.
 *
 * <ul>
 *   <li>{@code actors}: a {@code MountActor} runs the steps in {@value #BATCH}-step
 *       {@code Execute} batches ({@value #IN_FLIGHT} in flight, as from several CPUs) and hands
 *       the recorded transactions to its {@code JournalActor}, whose writer streams to
 *       {@code JournalTargets.sink(Sink.ignore())}. An operation counts once its batch is in the ring.
 *       Each invocation sends its four batches and waits for all of them, so the mount and the
 *       journal idle while the benchmark thread wakes up.
 *   <li>{@code pipelined}: the same actors with {@value #IN_FLIGHT} batches always in flight; an
 *       invocation waits for the oldest and sends the next, as simulated CPUs drive a mount.
 *   <li>{@code direct}: the same batches on one thread through {@code Mount}, {@code MountJournals}
 *       and a {@code FifoSink}; the thread drains the ring after each invocation and whenever a
 *       reservation finds it full.
 * </ul>
 * The figure of merit is actors / direct (target: at least 0.5). Three warm-up seconds rather than
 * two: the direct side is still being compiled during the second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ActorPathBenchmark {
    static final int BATCH = 64;
    static final int IN_FLIGHT = 4;
    static final int OPS = BATCH * IN_FLIGHT;

    static InstallRequest halfDuplexJournal() {
        return new InstallRequest(JournalId.of("bench"), 0, 0, 0);
    }

    /** The actor side: one actor system, mount actor and journal for the whole trial. */
    @State(Scope.Benchmark)
    public static class Actors {
        MountHarness harness;
        List<List<Step>> batches;

        @Setup(Level.Trial)
        public void setUp() {
            batches = SmallVops.batches(SmallVops.steps(OPS), BATCH);
            harness = MountHarness.start("bench-actor-path");
            try {
                harness.install(halfDuplexJournal(), JournalTargets.sink(Sink.ignore(), "discard"));
                harness.prepare(SmallVops.setup());
                if (harness.executeAll(batches) != 0) {
                    throw new IllegalStateException("a benchmark VOP failed: the workload is not what it claims");
                }
            } catch (RuntimeException e) {
                harness.close();
                throw e;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            harness.unmount();
            harness.close();
        }
    }

    /**
     * The actor side kept busy: {@link #IN_FLIGHT} batches always in flight, a new one sent as soon
     * as the oldest is answered (as kemu's simulated CPUs drive a mount), so the mount and the journal
     * never wait for the benchmark thread between invocations.
     */
    @State(Scope.Benchmark)
    public static class Pipelined extends Actors {
        final ArrayDeque<CompletableFuture<MountProtocol.Executed>> inFlight = new ArrayDeque<>();
        int next;

        @Setup(Level.Iteration)
        public void fill() {
            while (inFlight.size() < IN_FLIGHT) {
                send();
            }
        }

        @TearDown(Level.Iteration)
        public void drain() {
            while (!inFlight.isEmpty()) {
                check(MountHarness.await(inFlight.poll()));
            }
        }

        void send() {
            inFlight.add(harness.execute(batches.get(next)).toCompletableFuture());
            next = (next + 1) % batches.size();
        }

        static int check(MountProtocol.Executed executed) {
            if (!executed.refused().isEmpty()) {
                throw new IllegalStateException("journal refused a batch: " + executed.refused());
            }
            return executed.failed();
        }
    }

    /** The direct side: the same mount and journal, driven on the benchmark thread. */
    @State(Scope.Thread)
    public static class Direct {
        DirectJournal journal;
        List<List<Step>> batches;

        @Setup(Level.Trial)
        public void setUp(Blackhole blackhole) {
            batches = SmallVops.batches(SmallVops.steps(OPS), BATCH);
            journal = new DirectJournal(halfDuplexJournal(), (ring, offset, length) -> blackhole.consume(ring[offset + length - 1]));
            int failed = journal.run(SmallVops.setup());
            for (List<Step> batch : batches) {
                failed += journal.run(batch);
            }
            if (failed != 0) {
                throw new IllegalStateException("a benchmark VOP failed: the workload is not what it claims");
            }
            journal.drain();
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int actors(Actors state) {
        return state.harness.executeAll(state.batches);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int pipelined(Pipelined state) {
        final int failed = Pipelined.check(MountHarness.await(state.inFlight.poll()));
        state.send();
        return failed;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int direct(Direct state) {
        int failed = 0;
        for (List<Step> batch : state.batches) {
            failed += state.journal.run(batch);
        }
        state.journal.drain();
        return failed;
    }
}
