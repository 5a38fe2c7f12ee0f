package io.kemu.cli.simulation;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import akka.stream.javadsl.Sink;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.cpu.CpuActor;
import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.dispatch.ThreadModelUnavailableException;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.journal.JournalStages;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.actors.journal.LatencySnapshot;
import io.kemu.actors.mount.MountActor;
import io.kemu.actors.mount.MountProtocol;
import io.kemu.actors.mount.TargetRestarter;
import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.RecordDecoder;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.mirror.Mirror;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.scan.mirror.MirrorReport;
import io.kemu.streams.JournalTargets;
import io.kemu.streams.server.JournalStore;
import io.kemu.streams.server.JournalTargetServer;
import io.kemu.streams.server.MirrorConsumer;
import io.kemu.testkit.Asks;
import io.kemu.testkit.MountClient;
import io.kemu.testkit.TestMounts;
import io.kemu.testkit.WorkDirectories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kemu.vfs.Mount;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountctlFlags;
import io.kemu.vfs.workload.TreeDiff;
import io.kemu.vfs.workload.TreeExporter;
import io.kemu.vfs.workload.WorkloadGenerator;
import io.kemu.vfs.workload.WorkloadTimings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs {@code kemu simulate}: builds an actor system under the chosen thread model, emulated mounts
 * with their journals and in-process mirroring targets, lets the simulated CPUs issue their workload
 * (dropping target connections on the way when asked), unmounts (every journal drains), and verifies
 * each journal: its mirror equals the mount's emulated tree and its stream is well formed with
 * strictly increasing transids. A driver, not an actor: it waits on the calling thread.
 */
public final class Simulation {
    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
    /** Why the journal simulation cannot run deterministically (yet): its targets are real. */
    public static final String NO_DETERMINISTIC_JOURNAL = "the deterministic thread model is not available for the"
            + " journal simulation yet, whose targets use real sockets and files; kemu cluster --thread-model"
            + " deterministic is";
    private static final Duration ASK = Duration.ofMinutes(10);

    private final SimulationOptions options;
    private final Path work;
    private final LongAdder progress = new LongAdder();
    private final AtomicInteger restarts = new AtomicInteger();
    /** Target connection drops performed so far (each dropped at least one connection). */
    private int kills;
    private final List<MountSetup> mounts = new ArrayList<>();
    private final PhaseClock phases = new PhaseClock();
    private ActorSystem<SpawnProtocol.Command> system;

    /**
     * The phase the driver is in after the CPUs are done, and how long each took. Written by the
     * driver thread only; the progress ticker reads {@link #name} and {@link #since}.
     */
    private static final class PhaseClock {
        private final Map<String, Double> seconds = new LinkedHashMap<>();
        volatile String name = "";
        volatile long since = System.nanoTime();

        /** Ends the current phase (its time added to its name's total) and starts {@code next}. */
        void enter(String next) {
            final long now = System.nanoTime();
            if (!name.isEmpty()) {
                seconds.merge(name, (now - since) / 1e9, Double::sum);
            }
            since = now;
            name = next;
        }

        Map<String, Double> finish() {
            enter("");
            return seconds;
        }
    }

    /** One mount and what belongs to it. */
    private static final class MountSetup {
        final int index;
        Mount mount;
        ActorRef<MountProtocol.Command> actor;
        JournalTargetServer server;
        MirrorConsumer serverMirror;
        Path journalFile;
        Path mirrorDir;
        Path secondJournalFile;
        Path secondMirrorDir;

        MountSetup(int index) {
            this.index = index;
        }
    }

    private Simulation(SimulationOptions options, Path work) {
        this.options = options;
        this.work = work;
    }

    /** The seed of simulated CPU {@code cpu}'s workload generator in a run seeded {@code seed}. */
    public static long cpuSeed(long seed, int cpu) {
        return seed * 1_000_003L + cpu;
    }

    /**
     * Runs the simulation; {@code onProgress} is called about twice a second, from this thread while
     * the CPUs issue and from a progress thread while the journals drain and the run is verified.
     */
    public static SimulationReport run(SimulationOptions options, Consumer<SimulationProgress> onProgress)
            throws IOException, InterruptedException {
        options.threadModel().checkAvailable();
        if (options.threadModel() == ThreadModel.DETERMINISTIC) {
            throw new ThreadModelUnavailableException(NO_DETERMINISTIC_JOURNAL);
        }
        final Path work = Files.createTempDirectory("kemu-simulate-");
        final Simulation simulation = new Simulation(options, work);
        SimulationReport report = null;
        try {
            report = simulation.execute(onProgress);
            return report;
        } finally {
            if (simulation.system != null) {
                simulation.system.terminate();
                try {
                    simulation.system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    LOG.warn("the actor system did not terminate within 30 s: {}", e.toString());
                }
            }
            removeWorkDirectory(work, report);
        }
    }

    /**
     * The work directory is the run's own (the user's --journal and --mirror lie outside it): removed
     * once the run verified, kept for inspection otherwise, and said so.
     */
    private static void removeWorkDirectory(Path work, SimulationReport report) {
        if (report != null && report.verified()) {
            try {
                WorkDirectories.delete(work);
            } catch (IOException e) {
                LOG.warn("could not remove the work directory {}: {}", work, e.toString());
            }
        } else {
            LOG.warn("the run's work directory is kept for inspection: {}", work);
        }
    }

    private SimulationReport execute(Consumer<SimulationProgress> onProgress) throws IOException, InterruptedException {
        final Config config = options.threadModel().config(options.cpus()).withFallback(ConfigFactory.load()).resolve();
        system = ActorSystem.create(SpawnProtocol.create(), "kemu-simulate", config);
        final JournalSettings settings = JournalSettings.fromConfig(config);
        for (int m = 0; m < options.mounts(); m++) {
            mounts.add(startMount(m, settings));
        }
        final long started = System.nanoTime();
        final long deadline = options.duration() == null ? 0 : started + options.duration().toNanos();
        final List<CompletableFuture<CpuActor.Finished>> cpus = startCpus(deadline);
        final CompletableFuture<Void> allDone = CompletableFuture.allOf(cpus.toArray(CompletableFuture[]::new));
        long lastProgress = 0;
        while (!allDone.isDone()) {
            try {
                allDone.get(50, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException notYet) {
                final double elapsed = (System.nanoTime() - started) / 1e9;
                if (killDue(elapsed)) {
                    dropTargetConnections();
                }
                if (System.nanoTime() - lastProgress > 500_000_000L) {
                    lastProgress = System.nanoTime();
                    onProgress.accept(progressNow(elapsed));
                }
            }
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        phases.seconds.put("issuing", seconds);
        final ScheduledExecutorService ticker = startTicker(onProgress, started);
        try {
            return finish(seconds, cpus);
        } finally {
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Reports progress every half second from its own thread while the driver drains and verifies
     * (it may block for long in an unmount or a mirror), so the progress line never goes quiet.
     */
    private ScheduledExecutorService startTicker(Consumer<SimulationProgress> onProgress, long started) {
        final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "kemu-simulate-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> {
            final String name = phases.name;
            if (!name.isEmpty()) {
                final long now = System.nanoTime();
                onProgress.accept(new SimulationProgress(progress.sum(), (now - started) / 1e9, 0, 0, 0,
                        restarts.get(), name, (now - phases.since) / 1e9));
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        return ticker;
    }

    /** After the CPUs are done: the remaining target drops, the drain, the verification, the report. */
    private SimulationReport finish(double seconds, List<CompletableFuture<CpuActor.Finished>> cpus)
            throws IOException, InterruptedException {
        phases.enter(options.killTarget() > 0 ? "dropping target connections" : "collecting the CPUs");
        final List<String> problems = new ArrayList<>();
        final long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (kills < options.killTarget() && System.nanoTime() - killDeadline < 0) {
            awaitRestarts();
            dropTargetConnections();
        }
        awaitRestarts();
        if (kills < options.killTarget()) {
            problems.add("only " + kills + " of " + options.killTarget() + " target connections could be dropped");
        }
        long ops = 0;
        long failed = 0;
        long cpuWaitNanos = 0;
        final Histogram batchLatency = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        for (CompletableFuture<CpuActor.Finished> cpu : cpus) {
            final CpuActor.Finished finished = cpu.join();
            ops += finished.ops();
            failed += finished.failed();
            batchLatency.add(finished.batchLatency());
            cpuWaitNanos += Math.round(finished.batchLatency().getMean() * finished.batchLatency().getTotalCount());
            if (!finished.refused().isEmpty()) {
                problems.add("cpu " + finished.cpu() + ": " + finished.refused());
            }
        }
        final List<List<JournalStatus>> finalStatus = new ArrayList<>();
        for (MountSetup m : mounts) {
            finalStatus.add(ask(m.actor, MountProtocol.GetStatus::new));
        }
        final List<SimulationReport.JournalOutcome> outcomes = new ArrayList<>();
        long bytes = 0;
        long stalls = 0;
        long steps = 0;
        long generating = 0;
        long applying = 0;
        JournalStages journalStages = JournalStages.NONE;
        phases.enter("draining (unmount)");
        for (MountSetup m : mounts) {
            final MountProtocol.Unmounted unmounted = ask(m.actor, MountProtocol.Unmount::new);
            m.mount = unmounted.mount();
            bytes += unmounted.bytesSent();
            journalStages = journalStages.plus(unmounted.stages());
            if (unmounted.discardedBytes() > 0 || unmounted.discardedTransactions() > 0) {
                problems.add("mount " + m.index + ": unmount discarded " + unmounted.discardedBytes() + " bytes and "
                        + unmounted.discardedTransactions() + " transactions");
            }
            final WorkloadTimings timings = WorkloadGenerator.timings(m.mount);
            steps += timings.steps();
            generating += timings.generatingNanos();
            applying += timings.applyingNanos();
            for (JournalStatus status : finalStatus.get(m.index)) {
                stalls += status.fifo().fifostalls();
            }
        }
        phases.enter("stopping the targets");
        SimulationReport.TargetStages targetStages = SimulationReport.TargetStages.NONE;
        for (MountSetup m : mounts) {
            if (m.server != null) {
                m.server.stop().toCompletableFuture().join();
                final JournalStore store = m.server.store();
                targetStages = targetStages.plus(new SimulationReport.TargetStages(store.receiveNanos(), store.forceNanos(),
                        store.forces(), m.serverMirror.applyNanos(), m.serverMirror.peakLagBytes()));
            }
        }
        for (MountSetup m : mounts) {
            outcomes.addAll(verify(m, finalStatus.get(m.index)));
        }
        final LatencySnapshot ack = outcomes.isEmpty() ? null : outcomes.get(0).ackLatency();
        final SimulationReport.Stages stages = new SimulationReport.Stages(phases.finish(), steps, generating, applying,
                cpuWaitNanos, journalStages, targetStages);
        return new SimulationReport(ops, failed, seconds, bytes, stalls, restarts.get(), ack, batchLatency,
                outcomes, problems, stages);
    }

    /**
     * Whether the next connection drop is due: the k-th falls at (k+1)/(N+1) of the run, by
     * operations or by time, and only once the journals have restarted after the previous one.
     */
    private boolean killDue(double elapsed) {
        if (kills >= options.killTarget() || restarts.get() < kills) {
            return false;
        }
        final double fraction = (kills + 1.0) / (options.killTarget() + 1.0);
        if (options.duration() != null) {
            return elapsed >= fraction * options.duration().toSeconds();
        }
        return progress.sum() >= fraction * options.ops();
    }

    /** Drops every target connection; counts a drop only when a connection was there to drop. */
    private void dropTargetConnections() throws InterruptedException {
        int dropped = 0;
        for (MountSetup m : mounts) {
            dropped += m.server.dropConnections();
        }
        if (dropped > 0) {
            kills++;
        } else {
            Thread.sleep(20);
        }
    }

    /** Waits (at most 30 s) until every drop so far has led to a restart. */
    private void awaitRestarts() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (restarts.get() < kills && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
    }

    private SimulationProgress progressNow(double elapsed) {
        long bytes = 0;
        long stalls = 0;
        double fill = 0;
        for (MountSetup m : mounts) {
            try {
                for (JournalStatus status : ask(m.actor, MountProtocol.GetStatus::new)) {
                    bytes += status.bytesHandedToTarget();
                    stalls += status.fifo().fifostalls();
                    fill = Math.max(fill, status.membufUsed() / (double) status.fifo().size());
                }
            } catch (IllegalStateException e) {
                return new SimulationProgress(progress.sum(), elapsed, bytes, fill, stalls, restarts.get());
            }
        }
        return new SimulationProgress(progress.sum(), elapsed, bytes, fill, stalls, restarts.get());
    }

    private MountSetup startMount(int index, JournalSettings settings) throws IOException {
        final MountSetup m = new MountSetup(index);
        m.journalFile = options.journalFile() != null ? options.perMount(options.journalFile(), index)
                : work.resolve("journal-" + index + ".bin");
        m.mirrorDir = options.mirrorDir() != null ? options.perMount(options.mirrorDir(), index)
                : work.resolve("mirror-" + index);
        Files.deleteIfExists(m.journalFile);
        Files.createDirectories(m.mirrorDir);
        final Mount mount = TestMounts.startingNow(0x4B454D55L + index, 1_000);
        m.mount = mount;
        final JournalTarget primary;
        if (options.target() == SimulationOptions.TargetKind.DISCARD) {
            primary = JournalTargets.sink(Sink.ignore(), "discard");
        } else if (options.target() == SimulationOptions.TargetKind.TCP) {
            m.serverMirror = MirrorConsumer.open(m.mirrorDir, MirrorOptions.FAITHFUL);
            final JournalStore store = JournalStore.open(m.journalFile, m.serverMirror);
            m.server = JournalTargetServer.start(system, "127.0.0.1", 0, store,
                    JournalTargetServer.TargetSettings.DEFAULT).toCompletableFuture().join();
            final InetSocketAddress address = m.server.localAddress();
            primary = slowed(JournalTargets.tcp(address));
        } else {
            primary = slowed(JournalTargets.file(m.journalFile));
        }
        final AtomicReference<ActorRef<MountProtocol.Command>> mountRef = new AtomicReference<>();
        final ActorRef<JournalEvent> restarter = spawn(TargetRestarter.create(mountRef::get, id -> primary, restarts),
                "restarter-" + index, Props.empty());
        final long seed = options.seed();
        final boolean portable = options.portable();
        m.actor = spawn(MountActor.create(mount, settings, restarter,
                        cpu -> new WorkloadGenerator(cpuSeed(seed, cpu), portable),
                        options.threadModel().selector(index, options.cpus())),
                "mount-" + index, options.threadModel().selector(index, options.cpus()));
        mountRef.set(m.actor);
        int flags = options.halfDuplex() ? 0 : MountctlFlags.WANT_FULLDUPLEX;
        if (options.reversible()) {
            flags |= MountctlFlags.WANT_REVERSABLE;
        }
        install(m.actor, new InstallRequest(JournalId.of("sim-" + index), flags, options.ringSize(), 0), primary);
        if (options.secondFileJournal()) {
            m.secondJournalFile = work.resolve("second-" + index + ".bin");
            m.secondMirrorDir = work.resolve("second-mirror-" + index);
            install(m.actor, new InstallRequest(JournalId.of("file-" + index), 0, options.ringSize(), 0),
                    JournalTargets.file(m.secondJournalFile));
        }
        return m;
    }

    private JournalTarget slowed(JournalTarget target) {
        return options.slowTargetBytesPerSecond() > 0
                ? JournalTargets.throttled(target, options.slowTargetBytesPerSecond()) : target;
    }

    private void install(ActorRef<MountProtocol.Command> mount, InstallRequest request, JournalTarget target) {
        new MountClient(mount, system.scheduler(), ASK).install(request, target);
    }

    private List<CompletableFuture<CpuActor.Finished>> startCpus(long deadline) {
        final List<CompletableFuture<CpuActor.Finished>> finished = new ArrayList<>();
        final long perCpu = options.duration() != null ? Long.MAX_VALUE : options.ops() / options.cpus();
        for (int cpu = 0; cpu < options.cpus(); cpu++) {
            final long share = options.duration() != null ? perCpu
                    : perCpu + (cpu < options.ops() % options.cpus() ? 1 : 0);
            if (share == 0) {
                continue;
            }
            final MountSetup m = mounts.get(cpu % mounts.size());
            final ActorRef<CpuActor.Command> actor = spawn(
                    CpuActor.create(cpu, m.actor, share, options.batch(), deadline, progress),
                    "cpu-" + cpu, options.threadModel().selector(cpu, options.cpus()));
            finished.add(AskPattern.<CpuActor.Command, CpuActor.Finished>ask(actor, CpuActor.Start::new,
                    Duration.ofDays(1), system.scheduler()).toCompletableFuture());
        }
        return finished;
    }

    /**
     * Checks one mount's journals against its emulated tree (see the class comment). A discarding
     * target kept nothing: its journal gets an outcome marked discarded, with nothing checked.
     */
    private List<SimulationReport.JournalOutcome> verify(MountSetup m, List<JournalStatus> statuses) throws IOException {
        final List<SimulationReport.JournalOutcome> outcomes = new ArrayList<>();
        final JournalStatus primary = find(statuses, "sim-" + m.index);
        final boolean discarded = options.target() == SimulationOptions.TargetKind.DISCARD;
        if (discarded && m.secondJournalFile == null) {
            outcomes.add(discarded(m, primary));
            return outcomes;
        }
        phases.enter("verify: export the tree");
        final Path expected = work.resolve("expected-" + m.index);
        TreeExporter.export(m.mount, expected);
        outcomes.add(discarded ? discarded(m, primary) : verifyPrimary(m, primary, expected));
        if (m.secondJournalFile != null) {
            phases.enter("verify: mirror the journal file");
            Files.createDirectories(m.secondMirrorDir);
            outcomes.add(outcome("mount " + m.index + " journal file-" + m.index, find(statuses, "file-" + m.index),
                    m.secondJournalFile, m.secondMirrorDir, expected, 0, mirrorFile(m.secondJournalFile, m.secondMirrorDir)));
        }
        return outcomes;
    }

    /** The outcome of a journal whose target discarded it: its traffic, nothing verified. */
    private static SimulationReport.JournalOutcome discarded(MountSetup m, JournalStatus primary) {
        return new SimulationReport.JournalOutcome("mount " + m.index + " journal sim-" + m.index,
                primary == null ? 0 : primary.bytesHandedToTarget(), primary == null ? 0 : primary.fifo().fifostalls(),
                0, null, 0, 0, List.of(), "", true);
    }

    private SimulationReport.JournalOutcome verifyPrimary(MountSetup m, JournalStatus primary, Path expected)
            throws IOException {
        final MirrorReport primaryMirror;
        if (options.target() == SimulationOptions.TargetKind.FILE) {
            phases.enter("verify: mirror the journal file");
            primaryMirror = mirrorFile(m.journalFile, m.mirrorDir);
        } else {
            primaryMirror = m.serverMirror.report();
        }
        return outcome("mount " + m.index + " journal sim-" + m.index, primary, m.journalFile, m.mirrorDir,
                expected, m.server == null ? 0 : m.server.store().duplicatesSkipped(), primaryMirror);
    }

    private static MirrorReport mirrorFile(Path journal, Path mirror) throws IOException {
        try {
            return Mirror.apply(journal, mirror, MirrorOptions.FAITHFUL);
        } catch (JournalScanException e) {
            throw new IOException("mirroring " + journal + ": " + e.getMessage(), e);
        }
    }

    private static JournalStatus find(List<JournalStatus> statuses, String id) {
        return statuses.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    private SimulationReport.JournalOutcome outcome(String name, JournalStatus status, Path journal, Path mirror,
            Path expected, long duplicates, MirrorReport mirrorReport) throws IOException {
        phases.enter("verify: check the stream");
        final StreamCheck check = StreamCheck.of(journal);
        phases.enter("verify: compare the trees");
        final List<String> differences = new ArrayList<>(TreeDiff.compare(expected, mirror, Set.of(), 20));
        mirrorReport.problems().stream().limit(5).forEach(p -> differences.add("mirror refused or failed: " + p));
        return new SimulationReport.JournalOutcome(name,
                status == null ? 0 : status.bytesHandedToTarget(),
                status == null ? 0 : status.fifo().fifostalls(),
                status == null ? 0 : status.fifo().totalAcked(),
                status == null ? null : status.ackLatency(),
                check.records, duplicates, differences, check.problem, false);
    }

    /** Decodes a journal file: whole records only, non-pad transids strictly increasing. */
    static final class StreamCheck implements RecordDecoder.Listener {
        long records;
        long last = Long.MIN_VALUE;
        String problem = "";

        static StreamCheck of(Path file) throws IOException {
            final StreamCheck check = new StreamCheck();
            try (InputStream in = Files.newInputStream(file)) {
                RecordDecoder.decodeAll(in, check);
            }
            return check;
        }

        @Override
        public void onRecord(RawRecord record) {
            if (record.isPad()) {
                return;
            }
            records++;
            if (record.transid() <= last && problem.isEmpty()) {
                problem = "transid " + Long.toHexString(record.transid()) + " at offset " + record.offset()
                        + " does not increase (previous " + Long.toHexString(last) + ")";
            }
            last = record.transid();
        }

        @Override
        public void onProblem(ScanProblem scanProblem) {
            if (problem.isEmpty()) {
                problem = scanProblem.toString();
            }
        }
    }

    private <T> ActorRef<T> spawn(akka.actor.typed.Behavior<T> behavior, String name, Props props) {
        return Asks.spawn(system, behavior, name, props, ASK);
    }

    private <Q, R> R ask(ActorRef<Q> target, akka.japi.function.Function<ActorRef<R>, Q> message) {
        return Asks.ask(target, message, ASK, system.scheduler());
    }
}
