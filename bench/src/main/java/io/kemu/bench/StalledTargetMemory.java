package io.kemu.bench;

import akka.stream.javadsl.Sink;
import akka.util.ByteString;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.streams.JournalTargets;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountctlFlags;
import io.kemu.vfs.workload.Step;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Heap in use while a journal's target is stalled: the target accepts the connection but never
 * pulls, so the writer holds one chunk, the ring fills, and every producer's next batch parks in
 * the journal actor, as a process sleeps in {@code journal_reserve}. Producers keep submitting:
 * each sends its next batch the moment the previous one is in the ring.
 *
 * <p>For each ring size the heap used after a full GC is sampled once a second; the growth over a
 * baseline taken before the journal was installed must stay within {@code 2 x ring +}
 * {@value #CONSTANT_MIB} MiB, whatever the run's length. Prints one table row per ring size and
 * exits with status 1 if a row exceeds its bound.
 *
 * <pre>java -Xmx1g -cp bench/target/benchmarks.jar io.kemu.bench.StalledTargetMemory [seconds] [ring-MiB ...]</pre>
 */
public final class StalledTargetMemory {
    /** The allowance outside the ring: writer chunk, parked batches, stream buffers, actor state. */
    static final int CONSTANT_MIB = 8;
    private static final int PRODUCERS = 8;
    private static final int BATCH = 16;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private StalledTargetMemory() {
    }

    /** One ring size's outcome. */
    record Row(int ringBytes, String mode, long baselineBytes, long maxGrowthBytes, long lastGrowthBytes, long opsAccepted,
            int parked, int membufUsed, long fifostalls) {
        long boundBytes() {
            return 2L * ringBytes + ((long) CONSTANT_MIB << 20);
        }

        boolean withinBound() {
            return maxGrowthBytes <= boundBytes();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        final List<Integer> ringsMib = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            ringsMib.add(Integer.parseInt(args[i]));
        }
        if (ringsMib.isEmpty()) {
            ringsMib.addAll(List.of(1, 4, 16, 64));
        }
        final List<Row> rows = new ArrayList<>();
        for (int mib : ringsMib) {
            rows.add(measure(mib << 20, false, true, seconds));
            rows.add(measure(mib << 20, true, true, seconds));
        }
        rows.add(measure(ringsMib.get(0) << 20, false, false, seconds));
        System.out.printf(Locale.ROOT, "Stalled target: %d producers, %d-VOP batches; heap used after GC, sampled every "
                + "second for %d s once the ring is full; bound = 2 x ring + %d MiB%n%n", PRODUCERS, BATCH, seconds,
                CONSTANT_MIB);
        System.out.println("| ring | mode | baseline heap | max growth | growth at end | bound | within bound | ops accepted | ring used | parked | fifostalls |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        boolean allWithin = true;
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %,d | %s | %,d | %,d |%n", mib(r.ringBytes()),
                    r.mode(), mib(r.baselineBytes()), mib(r.maxGrowthBytes()), mib(r.lastGrowthBytes()), mib(r.boundBytes()),
                    r.withinBound() ? "yes" : "NO", r.opsAccepted(), mib(r.membufUsed()), r.parked(), r.fifostalls());
            allWithin &= r.withinBound();
        }
        System.exit(allWithin ? 0 : 1);
    }

    /**
     * One run: {@code stalled} uses the target that never pulls and samples once the ring is full;
     * otherwise (the control) the target discards everything as fast as it comes and sampling
     * starts at once, so the heap must stay flat while transactions keep flowing.
     */
    private static Row measure(int ringBytes, boolean fullDuplex, boolean stalled, int seconds)
            throws InterruptedException {
        final MountHarness harness = MountHarness.start("stalled-target");
        final AtomicBoolean running = new AtomicBoolean(true);
        try {
            harness.prepare(SmallVops.setup());
            final long baseline = usedAfterGc();
            harness.install(new InstallRequest(JournalId.of("stalled"), fullDuplex ? MountctlFlags.WANT_FULLDUPLEX : 0,
                    ringBytes, 0), stalled
                    ? JournalTargets.sink(Sink.<ByteString>fromSubscriber(new NeverPulls()), "a target that never pulls")
                    : JournalTargets.sink(Sink.ignore(), "a target that discards"));
            final AtomicLong accepted = new AtomicLong();
            final List<List<Step>> batches = SmallVops.batches(SmallVops.steps(BATCH * PRODUCERS), BATCH);
            for (List<Step> batch : batches) {
                produce(harness, batch, running, accepted);
            }
            if (stalled) {
                awaitStall(harness);
            }
            long maxGrowth = 0;
            long growth = 0;
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1000);
                growth = usedAfterGc() - baseline;
                maxGrowth = Math.max(maxGrowth, growth);
            }
            final JournalStatus status = harness.status().get(0);
            running.set(false);
            final String mode = (fullDuplex ? "full duplex" : "half duplex") + (stalled ? ", stalled" : ", discarding (control)");
            return new Row(ringBytes, mode, baseline, maxGrowth, growth, accepted.get(), status.parkedTransactions(),
                    status.membufUsed(), status.fifo().fifostalls());
        } finally {
            running.set(false);
            harness.close();
        }
    }

    /** Waits (up to a minute) until a producer has stalled on the full ring. */
    private static void awaitStall(MountHarness harness) throws InterruptedException {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (harness.status().get(0).fifo().fifostalls() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ring never filled: the target is not stalled");
            }
            Thread.sleep(50);
        }
    }

    /** A producer: sends {@code batch} again as soon as the previous copy is in the ring. */
    private static void produce(MountHarness harness, List<Step> batch, AtomicBoolean running, AtomicLong accepted) {
        if (!running.get()) {
            return;
        }
        harness.execute(batch).whenComplete((executed, failure) -> {
            if (failure == null) {
                accepted.addAndGet(executed.ops());
                produce(harness, batch, running, accepted);
            }
        });
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    /** Takes the subscription and never requests anything: the stream never pulls. */
    private static final class NeverPulls implements Subscriber<ByteString> {
        @Override
        public void onSubscribe(Subscription subscription) {
            // holding the subscription without request(n) is the whole point
        }

        @Override
        public void onNext(ByteString bytes) {
            throw new IllegalStateException("a target that never requests got data");
        }

        @Override
        public void onError(Throwable failure) {
            // nothing to release
        }

        @Override
        public void onComplete() {
            // nothing to release
        }
    }
}
