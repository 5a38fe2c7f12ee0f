package io.kemu.testkit.simulation;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import akka.stream.javadsl.Sink;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.cpu.CpuActor;
import io.kemu.actors.dispatch.ActorClock;
import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.dispatch.deterministic.DeterministicRun;
import io.kemu.actors.dispatch.deterministic.DeterministicRuntime;
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
import io.kemu.streams.server.MemoryTarget;
import io.kemu.streams.server.MirrorConsumer;
import io.kemu.streams.server.TargetClock;
import io.kemu.testkit.TestMounts;
import io.kemu.testkit.WorkDirectories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kemu.vfs.Mount;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountctlFlags;
import io.kemu.vfs.workload.JournalRecorder;
import io.kemu.vfs.workload.TreeDiff;
import io.kemu.vfs.workload.TreeExporter;
import io.kemu.vfs.workload.WorkloadGenerator;
import io.kemu.vfs.workload.WorkloadTimings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import scala.concurrent.BlockContext$;

/**
 * Runs {@code kemu simulate}: builds an actor system under the chosen thread model, emulated mounts
 * with their journals and in-process mirroring targets, lets the simulated CPUs issue their workload
 * (dropping target connections on the way when asked), unmounts (every journal drains), and verifies
 * each journal: its mirror equals the mount's emulated tree and its stream is well formed with
 * strictly increasing transids. A driver, not an actor: it waits on the calling thread. A user's test
 * may put its own consumer in place of kemu's targets ({@link SimulationOptions#ownTargets}); kemu
 * then verifies everything but that stream.
 *
 * <p>Under the deterministic thread model the calling thread is also the thread every actor runs on
 * ({@link DeterministicRuntime}): each wait runs the system until the awaited thing happens ({@link
 * DriverWaits}), target drops are events between two tasks, TCP and file targets are simulated in
 * memory ({@link MemoryTarget}: the same store and session rules, an in-memory file, a seeded link
 * delay, virtual timers), the mount clock starts at a fixed epoch, and the journals are written out
 * and verified offline after the run. The same options and seed then give the same trace and the same
 * report, wall-clock figures aside.
 */
public final class Simulation {
    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
    private static final Duration ASK = Duration.ofMinutes(10);
    /** The most virtual time a deterministic run may take; a run still going then has stalled. */
    private static final Duration VIRTUAL_LIMIT = Duration.ofHours(24);
    /** Virtual time the actor system's shutdown may take (Akka's shutdown phases have timeouts of seconds). */
    private static final Duration SHUTDOWN_LIMIT = Duration.ofMinutes(5);
    /** How often a deterministic run reports progress, in wall-clock time. */
    private static final Duration TICK = Duration.ofMillis(500);
    /** Keeps the seeds of the simulated links apart from the CPUs' ({@link #cpuSeed}). */
    private static final long LINK_SEED_SALT = 0x6C696E6BL;
    /**
     * Under the deterministic model a due target drop waits a seeded virtual time below this first
     * (two ack intervals), so that it falls anywhere in the write-store-ack cycle, not just as an ack
     * lets the CPUs on (when the counter it is due by moves).
     */
    private static final Duration KILL_JITTER = Duration.ofMillis(10);

    private final SimulationOptions options;
    private final Path work;
    /** The run's driver under the deterministic model, else null. */
    private final DeterministicRuntime runtime;
    private final DriverWaits waits;
    private final Consumer<SimulationProgress> onProgress;
    /** Wall-clock start of the issuing phase. */
    private long started;
    /** Set once the report is made: the deterministic progress ticks stop. */
    private boolean finished;
    /** The seeded delays of the deterministic model's target drops ({@link #KILL_JITTER}). */
    private final SplittableRandom killJitter;
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
        /** How far the current phase got, for the progress line (empty: nothing to say). */
        volatile Supplier<String> detail = () -> "";

        /** Ends the current phase (its time added to its name's total) and starts {@code next}. */
        void enter(String next) {
            enter(next, () -> "");
        }

        /** {@link #enter(String)}, with what the progress line shows of the new phase's progress. */
        void enter(String next, Supplier<String> progress) {
            final long now = System.nanoTime();
            if (!name.isEmpty()) {
                seconds.merge(name, (now - since) / 1e9, Double::sum);
            }
            since = now;
            detail = progress;
            name = next;
        }

        /** The current phase's name for the progress line, with its progress when it has one. */
        String line() {
            final String shown = name;
            final String more = detail.get();
            return more.isEmpty() ? shown : shown + ": " + more;
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
        MemoryTarget memoryTarget;
        MemoryTarget secondMemoryTarget;
        Path journalFile;
        Path mirrorDir;
        Path secondJournalFile;
        Path secondMirrorDir;

        MountSetup(int index) {
            this.index = index;
        }
    }

    private Simulation(SimulationOptions options, Path work, DeterministicRuntime runtime,
            Consumer<SimulationProgress> onProgress) {
        this.options = options;
        this.work = work;
        this.runtime = runtime;
        this.onProgress = onProgress;
        this.started = System.nanoTime();
        this.killJitter = new SplittableRandom(options.seed() * LINK_SEED_SALT - 1);
        this.waits = runtime == null ? DriverWaits.blocking() : DriverWaits.deterministic(runtime, this::tick, TICK);
    }

    private boolean deterministic() {
        return runtime != null;
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
            final DeterministicRun.Outcome<SimulationReport> outcome = runDeterministic(options, null, onProgress);
            if (outcome.result() == null) {
                throw new IllegalStateException(outcome.failure());
            }
            return outcome.failure() == null ? outcome.result() : outcome.result().withProblem(outcome.failure());
        }
        final Path work = Files.createTempDirectory("kemu-simulate-");
        final Simulation simulation = new Simulation(options, work, null, onProgress);
        SimulationReport report = null;
        try {
            report = simulation.execute();
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
     * Runs the simulation under the deterministic thread model on the calling thread, seeded with
     * {@code options.seed()} (the workload's seed and the interleaving's); each trace line also goes
     * to {@code traceSink} (null: none). The outcome holds the report (null when the run could not
     * finish), the trace digest, and the failure of the run as a whole: it went quiet, or work came
     * from another thread.
     */
    public static DeterministicRun.Outcome<SimulationReport> runDeterministic(SimulationOptions options,
            Consumer<String> traceSink, Consumer<SimulationProgress> onProgress) throws IOException {
        if (options.threadModel() != ThreadModel.DETERMINISTIC) {
            throw new IllegalArgumentException("runDeterministic needs the deterministic thread model, not "
                    + options.threadModel().configName());
        }
        if (options.duration() != null) {
            throw new IllegalArgumentException("--duration is wall-clock time; the deterministic model runs in virtual "
                    + "time: give --ops");
        }
        final Path work = Files.createTempDirectory("kemu-simulate-");
        try (DeterministicRuntime runtime = DeterministicRuntime.create(options.seed(), traceSink)) {
            final Simulation simulation = new Simulation(options, work, runtime, onProgress);
            return BlockContext$.MODULE$.withBlockContext(runtime.blockContext(), simulation::driveDeterministically);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The deterministic run from start to termination: {@link #execute()}, then the shutdown driven too;
     * a failure to finish becomes the outcome's failure, not an exception.
     */
    private DeterministicRun.Outcome<SimulationReport> driveDeterministically() {
        SimulationReport report = null;
        String failure = null;
        try {
            report = execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IllegalStateException e) {
            failure = e.getMessage();
        } finally {
            finished = true;
            if (system != null) {
                system.terminate();
                if (!runtime.runUntil(() -> system.whenTerminated().isCompleted(), runtime.nanoTime()
                        + SHUTDOWN_LIMIT.toNanos()) && failure == null) {
                    failure = "the actor system did not terminate within " + SHUTDOWN_LIMIT + " of virtual time";
                }
            }
            removeWorkDirectory(work, report);
        }
        if (failure == null && runtime.foreignSubmissions() > 0) {
            failure = runtime.foreignSubmissions() + " tasks came from other threads: the run is not deterministic";
        }
        return new DeterministicRun.Outcome<>(runtime.seed(), report, runtime.trace().sha256(),
                runtime.trace().deliveries(), runtime.tasksRun(), runtime.nanoTime(), failure);
    }

    /**
     * A deterministic run's progress line, between two tasks: the op counter, the phase and virtual
     * time only (asking an actor for more would change the run).
     */
    private void tick() {
        if (finished) {
            return;
        }
        final double wall = (System.nanoTime() - started) / 1e9;
        final String phase = (phases.name.isEmpty() ? "issuing" : phases.name)
                + String.format(Locale.ROOT, ", virtual time %.3f s", runtime.nanoTime() / 1e9);
        onProgress.accept(new SimulationProgress(progress.sum(), wall, 0, 0, 0, restarts.get(), phase,
                phases.name.isEmpty() ? wall : (System.nanoTime() - phases.since) / 1e9));
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

    private SimulationReport execute() throws IOException, InterruptedException {
        final Config config = (deterministic() ? runtime.config(options.cpus())
                : options.threadModel().config(options.cpus())).withFallback(ConfigFactory.load()).resolve();
        system = ActorSystem.create(SpawnProtocol.create(), "kemu-simulate", config);
        final JournalSettings settings = JournalSettings.fromConfig(config);
        for (int m = 0; m < options.mounts(); m++) {
            mounts.add(startMount(m, settings, config));
        }
        started = System.nanoTime();
        final long deadline = options.duration() == null ? 0
                : ActorClock.get(system).nanoTime() + options.duration().toNanos();
        final List<CompletableFuture<CpuActor.Finished>> cpus = startCpus(deadline);
        final CompletableFuture<Void> allDone = CompletableFuture.allOf(cpus.toArray(CompletableFuture[]::new));
        if (deterministic()) {
            return issueDeterministically(allDone, cpus);
        }
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
            return finish(seconds, cpus, null);
        } finally {
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The issuing phase under the deterministic model: the system runs on this thread until the CPUs
     * are done, stopping between two tasks whenever a target drop is due ({@link #killDue}: by
     * operations, never by time) to perform it; progress comes from the waits' ticks.
     */
    private SimulationReport issueDeterministically(CompletableFuture<Void> allDone,
            List<CompletableFuture<CpuActor.Finished>> cpus) throws IOException, InterruptedException {
        while (!allDone.isDone()) {
            if (!waits.until(() -> allDone.isDone() || killDue(0), VIRTUAL_LIMIT)) {
                throw new IllegalStateException("the CPUs did not finish: the run went quiet (nothing left to run) or "
                        + "passed " + VIRTUAL_LIMIT.toHours() + " h of virtual time at " + progress.sum() + " operations");
            }
            if (!allDone.isDone()) {
                waits.pause(Duration.ofNanos(killJitter.nextLong(KILL_JITTER.toNanos())));
                dropTargetConnections();
            }
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        phases.seconds.put("issuing", seconds);
        return finish(seconds, cpus, runtime.nanoTime());
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
            if (!phases.name.isEmpty()) {
                final long now = System.nanoTime();
                onProgress.accept(new SimulationProgress(progress.sum(), (now - started) / 1e9, 0, 0, 0,
                        restarts.get(), phases.line(), (now - phases.since) / 1e9));
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        return ticker;
    }

    /**
     * After the CPUs are done: the remaining target drops, the drain, the verification, the report.
     * {@code issuingVirtualNanos}: the virtual time the issuing phase took (null outside the
     * deterministic model).
     */
    private SimulationReport finish(double seconds, List<CompletableFuture<CpuActor.Finished>> cpus,
            Long issuingVirtualNanos) throws IOException, InterruptedException {
        phases.enter(options.killTarget() > 0 ? "dropping target connections" : "collecting the CPUs");
        final List<String> problems = new ArrayList<>();
        final long killDeadline = waits.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (kills < options.killTarget() && waits.nanoTime() - killDeadline < 0) {
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
        phases.enter("stopping the targets", this::mirrorLag);
        SimulationReport.TargetStages targetStages = SimulationReport.TargetStages.NONE;
        for (MountSetup m : mounts) {
            if (m.memoryTarget != null) {
                targetStages = targetStages.plus(writeOut(m.memoryTarget, m.journalFile));
            }
            if (m.secondMemoryTarget != null) {
                writeOut(m.secondMemoryTarget, m.secondJournalFile);
            }
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
        final SimulationReport.Virtual virtual = issuingVirtualNanos == null ? null
                : new SimulationReport.Virtual(issuingVirtualNanos, runtime.nanoTime());
        return new SimulationReport(ops, failed, seconds, bytes, stalls, restarts.get(), ack, batchLatency,
                outcomes, problems, stages, virtual);
    }

    /**
     * While the targets stop, each waits for its live mirror to apply what it stored: how much is
     * left, summed over the mounts ("" when every mirror has caught up).
     */
    private String mirrorLag() {
        long lag = 0;
        for (MountSetup m : mounts) {
            if (m.serverMirror != null) {
                lag += m.serverMirror.lagBytes();
            }
        }
        return lag == 0 ? "" : String.format(Locale.ROOT, "mirror %.1f MiB behind", lag / (double) (1 << 20));
    }

    /**
     * Ends a simulated target: drops what is still connected, writes the journal its in-memory store
     * holds to {@code file} (to be verified as a file target's is) and closes the store; returns its
     * stages (no fsync: memory is the disk; no live mirror).
     */
    private static SimulationReport.TargetStages writeOut(MemoryTarget target, Path file) throws IOException {
        target.dropConnections();
        final JournalStore store = target.store();
        store.copyTo(file);
        store.close();
        return new SimulationReport.TargetStages(store.receiveNanos(), 0, 0, 0, 0);
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
            dropped += m.memoryTarget != null ? m.memoryTarget.dropConnections() : m.server.dropConnections();
        }
        if (dropped > 0) {
            kills++;
        } else {
            waits.pause(Duration.ofMillis(20));
        }
    }

    /** Waits (at most 30 s) until every drop so far has led to a restart. */
    private void awaitRestarts() throws InterruptedException {
        waits.until(() -> restarts.get() >= kills, Duration.ofSeconds(30));
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

    private MountSetup startMount(int index, JournalSettings settings, Config config) throws IOException {
        final MountSetup m = new MountSetup(index);
        m.journalFile = options.journalFile() != null ? options.perMount(options.journalFile(), index)
                : work.resolve("journal-" + index + ".bin");
        m.mirrorDir = options.mirrorDir() != null ? options.perMount(options.mirrorDir(), index)
                : work.resolve("mirror-" + index);
        Files.deleteIfExists(m.journalFile);
        Files.createDirectories(m.mirrorDir);
        final Mount mount = deterministic() ? TestMounts.mount(0x4B454D55L + index, JournalRecorder.EPOCH, 1_000)
                : TestMounts.startingNow(0x4B454D55L + index, 1_000);
        m.mount = mount;
        final JournalTarget primary;
        if (options.ownTargets() != null) {
            primary = slowed(ownTarget(index));
        } else if (options.target() == SimulationOptions.TargetKind.DISCARD) {
            primary = JournalTargets.sink(Sink.ignore(), "discard");
        } else if (deterministic()) {
            m.memoryTarget = memoryTarget("sim-" + index, 2 * index, config);
            primary = slowed(m.memoryTarget);
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
            if (deterministic()) {
                m.secondMemoryTarget = memoryTarget("file-" + index, 2 * index + 1, config);
            }
            install(m.actor, new InstallRequest(JournalId.of("file-" + index), 0, options.ringSize(), 0),
                    deterministic() ? m.secondMemoryTarget : JournalTargets.file(m.secondJournalFile));
        }
        return m;
    }

    /** The user's own target for mount {@code index} ({@link SimulationOptions#ownTargets}); null is refused. */
    private JournalTarget ownTarget(int index) {
        final JournalTarget target = options.ownTargets().apply(index);
        if (target == null) {
            throw new IllegalArgumentException("the user's own targets gave none for mount " + index);
        }
        return target;
    }

    /**
     * A simulated target for the journal named {@code name}: an in-memory store (at most {@code
     * kemu.target.simulated.max-size}) behind an in-memory link delaying each chunk up to {@code
     * kemu.target.simulated.link-delay}, seeded from the run's seed and {@code link}.
     */
    private MemoryTarget memoryTarget(String name, int link, Config config) throws IOException {
        final JournalStore store = JournalStore.inMemory(name, config.getBytes("kemu.target.simulated.max-size"),
                TargetClock.of(system));
        return MemoryTarget.create(store, JournalTargetServer.TargetSettings.fromConfig(config), name,
                config.getDuration("kemu.target.simulated.link-delay"), options.seed() * LINK_SEED_SALT + link);
    }

    private JournalTarget slowed(JournalTarget target) {
        return options.slowTargetBytesPerSecond() > 0
                ? JournalTargets.throttled(target, options.slowTargetBytesPerSecond()) : target;
    }

    private void install(ActorRef<MountProtocol.Command> mount, InstallRequest request, JournalTarget target) {
        final MountProtocol.MountctlResult result = ask(mount,
                replyTo -> new MountProtocol.Install(request, target, replyTo));
        if (!result.isOk()) {
            throw new IllegalStateException("journal install refused: " + result.errno() + " " + result.detail());
        }
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
     * target, or the user's own, left kemu nothing: its journal gets an outcome marked discarded, with
     * nothing checked.
     */
    private List<SimulationReport.JournalOutcome> verify(MountSetup m, List<JournalStatus> statuses) throws IOException {
        final List<SimulationReport.JournalOutcome> outcomes = new ArrayList<>();
        final JournalStatus primary = find(statuses, "sim-" + m.index);
        final boolean discarded = !options.primaryKept();
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

    /**
     * The outcome of a journal kemu did not keep: its traffic, and its acks when it ran full duplex
     * (only a user's own target can), nothing verified.
     */
    private SimulationReport.JournalOutcome discarded(MountSetup m, JournalStatus primary) {
        final boolean acks = primary != null && !options.halfDuplex();
        return new SimulationReport.JournalOutcome("mount " + m.index + " journal sim-" + m.index,
                primary == null ? 0 : primary.bytesHandedToTarget(), primary == null ? 0 : primary.fifo().fifostalls(),
                acks ? primary.fifo().totalAcked() : 0, acks ? primary.ackLatency() : null, 0, 0, List.of(), "", true);
    }

    private SimulationReport.JournalOutcome verifyPrimary(MountSetup m, JournalStatus primary, Path expected)
            throws IOException {
        final MirrorReport primaryMirror;
        if (options.target() == SimulationOptions.TargetKind.FILE || m.memoryTarget != null) {
            phases.enter("verify: mirror the journal file");
            primaryMirror = mirrorFile(m.journalFile, m.mirrorDir);
        } else {
            primaryMirror = m.serverMirror.report();
        }
        final long duplicates = m.memoryTarget != null ? m.memoryTarget.store().duplicatesSkipped()
                : m.server == null ? 0 : m.server.store().duplicatesSkipped();
        return outcome("mount " + m.index + " journal sim-" + m.index, primary, m.journalFile, m.mirrorDir,
                expected, duplicates, primaryMirror);
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
        return ask(system, replyTo -> new SpawnProtocol.Spawn<>(behavior, name, props, replyTo));
    }

    private <Q, R> R ask(ActorRef<Q> target, akka.japi.function.Function<ActorRef<R>, Q> message) {
        return waits.await(AskPattern.ask(target, message, ASK, system.scheduler()), ASK, target.path().toString());
    }
}
