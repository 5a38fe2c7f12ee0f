package io.kemu.cli;

import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.dispatch.ThreadModelUnavailableException;
import io.kemu.actors.dispatch.deterministic.SeedRange;
import io.kemu.actors.journal.JournalStages;
import io.kemu.actors.journal.LatencySnapshot;
import io.kemu.testkit.simulation.Simulation;
import io.kemu.testkit.simulation.SimulationOptions;
import io.kemu.testkit.simulation.SimulationProgress;
import io.kemu.testkit.simulation.SimulationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kemu simulate}: the main job. Simulated CPUs issue a random mix of VOPs on an emulated mount
 * whose journal streams (full duplex over loopback TCP by default) to an in-process target that
 * mirrors it; a live progress line, then a report and the verification. Exit status 0 only when the
 * verification passes, 1 when it fails, 2 for bad options or paths, 3 when the run fails (I/O, or
 * no progress for {@code --stall-timeout}).
 *
 * <p>With {@code --thread-model deterministic} the run is one thread in virtual time, seeded by
 * {@code --seed} (workload and interleaving): TCP and file targets are simulated in memory, the
 * report ends with the run's {@code trace sha256} line, and {@code --seeds A..B} / {@code --trace
 * FILE} sweep seeds and write the trace ({@link DeterministicSweep}, as {@code kemu cluster} does).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate CPUs issuing journaled VOPs; stream, acknowledge, mirror and verify.")
public final class SimulateCommand implements Callable<Integer> {
    private static final Duration MAX_DURATION = Duration.ofHours(24);
    /**
     * The slowest target: a 64k writer chunk must pass well within the default stall timeout, so a
     * slow run is never mistaken for a stalled one.
     */
    private static final long MIN_SLOW_TARGET = 4 << 10;
    /** The longest a slow target may take to drain a full ring, which unmount waits for. */
    private static final Duration MAX_DRAIN = Duration.ofMinutes(10);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cpus", description = "simulated CPUs, 1..4096 (default: the core count)")
    int cpus = Runtime.getRuntime().availableProcessors();

    @Option(names = "--ops", description = "operations in all, at least 1 (default 100000; ignored with --duration)")
    long ops = 100_000;

    @Option(names = "--duration", description = "run for this long instead of a number of ops (e.g. 30s, 2m; up to 24h)",
            converter = DurationConverter.class)
    Duration duration;

    @Option(names = "--ring", description = "journal FIFO size, a power of two from 64k to 128m (default 1m)",
            converter = ByteSize.class)
    long ring = 1 << 20;

    @Option(names = "--target", description = "tcp (full duplex to a mirroring target), file, or discard "
            + "(in-process, keeps nothing: measures the actors alone) (default tcp)")
    SimulationOptions.TargetKind target = SimulationOptions.TargetKind.TCP;

    @Option(names = "--half-duplex", description = "no acks: xindex follows the writer (the kernel's default mode)")
    boolean halfDuplex;

    @Option(names = "--reversible", description = "journal UNDO sections too")
    boolean reversible;

    @Option(names = "--kill-target", description = "drop the target connection N times; the journal restarts onto a new one")
    int killTarget;

    @Option(names = "--slow-target", description = "limit the target to RATE bytes/s, at least 4k and the ring size / 600 s (e.g. 512k)",
            converter = ByteSize.class)
    Long slowTarget;

    @Option(names = "--seed", description = "workload seed (default 1)")
    long seed = 1;

    @Option(names = "--journal", description = "where the target writes the journal stream: a new file (default: a temporary file)")
    Path journal;

    @Option(names = "--mirror", description = "where the target mirrors the stream: a new or empty directory (default: a temporary directory)")
    Path mirror;

    @Option(names = "--force", description = "overwrite an existing --journal file and replace an earlier kemu mirror in --mirror"
            + " (a non-empty directory that is not a kemu mirror is still refused)")
    boolean force;

    @Option(names = "--thread-model", description = "fork-join, thread-pool, pinned, lwkt, uniprocessor, virtual or "
            + "deterministic (one thread, seeded interleaving, virtual time, targets simulated in memory: a seed "
            + "replays the run)")
    String threadModel = ThreadModel.FORK_JOIN.configName();

    @Mixin
    SweepOptions sweepOptions;

    @Option(names = "--batch", description = "VOPs per CPU request, 1..10000 (default 16)")
    int batch = 16;

    @Option(names = "--mounts", description = "emulated mounts, 1..64, each with its own journal and target (default 1)")
    int mounts = 1;

    @Option(names = "--second-journal", description = "give every mount a second journal, to a file")
    boolean secondJournal;

    @Option(names = "--portable", description = "only the VOPs DragonFly's own jscan can mirror")
    boolean portable;

    @Option(names = "--stall-timeout", converter = DurationConverter.class,
            description = "fail the run when no operation completes for this long (default 60s)")
    Duration stallTimeout = Duration.ofSeconds(60);

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final SimulationOptions options = validated();
        final boolean deterministic = options.threadModel() == ThreadModel.DETERMINISTIC;
        out.printf(Locale.ROOT, "kemu simulate: %d CPUs, %s, ring %s, %s%s, thread model %s, seed %s%n", cpus,
                duration != null ? "for " + duration.toSeconds() + " s" : ops + " ops", ByteSize.format(ring),
                target.name().toLowerCase(Locale.ROOT) + (deterministic && target != SimulationOptions.TargetKind.DISCARD
                        ? " (simulated in memory) " : " "), halfDuplex ? "half duplex" : "full duplex",
                threadModel, sweepOptions.seeds != null ? sweepOptions.seeds : Long.toString(seed));
        out.flush();
        if (deterministic) {
            return deterministic(options, out, err);
        }
        final StallWatch watch = new StallWatch(stallTimeout);
        final SimulationReport report;
        try {
            report = Simulation.run(options, p -> {
                watch.check(p);
                progressLine(err, p);
            });
        } finally {
            CliLogging.clearProgress();
        }
        print(out, report, options);
        return report.verified() ? ExitStatus.OK : ExitStatus.FAILED;
    }

    /** The options, checked as a whole, and the output paths checked (and a replaced mirror emptied). */
    private SimulationOptions validated() throws IOException {
        if (ops < 1) {
            throw CliFailure.badInput("--ops " + ops + " refused", "give at least 1");
        }
        if (duration != null && (duration.isZero() || duration.isNegative() || duration.compareTo(MAX_DURATION) > 0)) {
            throw CliFailure.badInput("--duration " + duration.toSeconds() + "s refused", "give a positive duration up to 24h");
        }
        if (stallTimeout.isZero() || stallTimeout.isNegative()) {
            throw CliFailure.badInput("--stall-timeout refused", "give a positive duration like 60s");
        }
        if (slowTarget != null && slowTarget < MIN_SLOW_TARGET) {
            throw CliFailure.badInput("--slow-target " + slowTarget + " refused", "give a rate of at least 4k bytes/s");
        }
        if (ring > Integer.MAX_VALUE) {
            throw CliFailure.badInput("--ring " + ring + " refused", "give a power of two from 64k to 128m");
        }
        if (slowTarget != null && ring / slowTarget > MAX_DRAIN.toSeconds()) {
            throw CliFailure.badInput("--slow-target " + ByteSize.format(slowTarget) + "/s with --ring "
                    + ByteSize.format(ring) + " refused", "draining a full ring would take " + ring / slowTarget
                    + " s; give a rate of at least the ring size / " + MAX_DRAIN.toSeconds() + " s, or a smaller ring");
        }
        final SimulationOptions options;
        try {
            options = new SimulationOptions(cpus, ops, duration, (int) ring, target, halfDuplex, reversible,
                    killTarget, slowTarget == null ? 0 : slowTarget, seed, journal, mirror,
                    ThreadModel.fromName(threadModel), batch, portable, mounts, secondJournal);
            options.threadModel().checkAvailable();
            checkDeterministicOptions(options.threadModel());
        } catch (IllegalArgumentException | ThreadModelUnavailableException e) {
            throw CliFailure.badInput("options refused", e.getMessage());
        }
        final long rings = (long) mounts * (secondJournal ? 2 : 1) * ring;
        if (rings > Runtime.getRuntime().maxMemory() / 2) {
            throw CliFailure.badInput("--ring " + ByteSize.format(ring) + " on " + mounts + " mount(s) refused",
                    "the journal rings would take " + ByteSize.format(rings) + ", more than half of the "
                    + ByteSize.format(Runtime.getRuntime().maxMemory()) + " heap; use fewer mounts or a smaller ring,"
                    + " or a larger heap (KEMU_JAVA_OPTS=-Xmx...)");
        }
        for (int m = 0; m < mounts; m++) {
            if (journal != null) {
                OutputPaths.checkNewFile("--journal", options.perMount(journal, m), force);
            }
            if (mirror != null) {
                OutputPaths.prepareMirrorDirectory("--mirror", options.perMount(mirror, m), force);
            }
        }
        return options;
    }

    /** The options only the deterministic model takes, and those it refuses; one line each. */
    private void checkDeterministicOptions(ThreadModel model) {
        if (model != ThreadModel.DETERMINISTIC) {
            if (sweepOptions.given()) {
                throw new IllegalArgumentException("--seeds and --trace need --thread-model deterministic");
            }
            return;
        }
        if (duration != null) {
            throw new IllegalArgumentException("--duration is wall-clock time, and the deterministic model runs in "
                    + "virtual time: give --ops");
        }
        if (sweepOptions.seeds != null && (journal != null || mirror != null)) {
            throw new IllegalArgumentException("--journal and --mirror name one run's outputs: not with --seeds");
        }
        if (sweepOptions.seeds != null) {
            SeedRange.parse(sweepOptions.seeds);
        }
    }

    /**
     * One seed or a sweep under the deterministic model: each seed's report (wall-clock lines
     * included) and its trace line, or one line per seed and the reports of the failing ones.
     */
    private int deterministic(SimulationOptions options, PrintWriter out, PrintWriter err) {
        final DeterministicSweep<SimulationReport> sweep = new DeterministicSweep<>(SimulationReport::verified,
                report -> lines(report, options));
        try {
            return sweep.run(sweepOptions.seeds, seed, sweepOptions.trace, out, (runSeed, traceSink) -> {
                final StallWatch watch = new StallWatch(stallTimeout);
                try {
                    return Simulation.runDeterministic(options.withSeed(runSeed), traceSink, p -> {
                        watch.check(p);
                        progressLine(err, p);
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    CliLogging.clearProgress();
                }
            });
        } catch (UncheckedIOException e) {
            throw CliFailure.runtime("the simulation failed", e.getCause().getMessage(), e.getCause());
        }
    }

    /** The report {@link #print} writes, as lines. */
    static List<String> lines(SimulationReport report, SimulationOptions options) {
        final StringWriter text = new StringWriter();
        print(new PrintWriter(text), report, options);
        return text.toString().lines().toList();
    }

    /**
     * The last-resort watchdog: fails the run, with the reason, when the operation count has not
     * moved for the stall timeout while simulated CPUs are still running.
     */
    static final class StallWatch {
        private final Duration timeout;
        private long lastOps = -1;
        private double lastChange;

        StallWatch(Duration timeout) {
            this.timeout = timeout;
        }

        void check(SimulationProgress p) {
            if (p.ops() != lastOps) {
                lastOps = p.ops();
                lastChange = p.seconds();
            } else if (p.seconds() - lastChange > timeout.toMillis() / 1000.0) {
                throw CliFailure.runtime("stalled at " + p.ops() + " operations after " + Math.round(p.seconds()) + " s",
                        "no operation completed for " + timeout.toSeconds() + " s, the --stall-timeout; the run was stopped",
                        null);
            }
        }
    }

    private static void progressLine(PrintWriter err, SimulationProgress p) {
        if (!p.phase().isEmpty()) {
            err.printf(Locale.ROOT, "\r%8.1f s  %,12d ops  %-62s %6.1f s ", p.seconds(), p.ops(), p.phase(), p.phaseSeconds());
            err.flush();
            return;
        }
        final double seconds = Math.max(p.seconds(), 1e-9);
        CliLogging.showProgress(err, String.format(Locale.ROOT,
                "%8.1f s  %,12d ops  %,10.0f ops/s  %8.2f MB/s  ring %5.1f%%  stalls %,d  restarts %d   ",
                p.seconds(), p.ops(), p.ops() / seconds, p.bytesSent() / seconds / 1e6, p.ringFill() * 100,
                p.fifostalls(), p.restarts()));
    }

    static void print(PrintWriter out, SimulationReport r, SimulationOptions options) {
        out.printf(Locale.ROOT, "ops          %,d in %.2f s: %,.0f ops/s (%,d returned an errno, as a BSD filesystem would)%n",
                r.ops(), r.seconds(), r.opsPerSecond(), r.failedOps());
        out.printf(Locale.ROOT, "bytes        %s sent to targets (%.2f MB/s)%n", ByteSize.format(r.bytesSent()),
                r.bytesSent() / Math.max(r.seconds(), 1e-9) / 1e6);
        out.printf(Locale.ROOT, "fifostalls   %,d%n", r.fifostalls());
        out.printf(Locale.ROOT, "restarts     %d%n", r.restarts());
        final LatencySnapshot ack = r.ackLatency();
        if (ack != null && ack.count() > 0) {
            out.printf(Locale.ROOT, "ack latency  p50 %s  p99 %s  p999 %s  max %s over %,d transactions%n",
                    millis(ack.p50Nanos()), millis(ack.p99Nanos()), millis(ack.p999Nanos()), millis(ack.maxNanos()), ack.count());
        } else if (options.halfDuplex() || options.target() == SimulationOptions.TargetKind.FILE) {
            out.println("ack latency  none (half duplex or file target: nothing is acknowledged)");
        } else {
            out.println("ack latency  none (no transaction was acknowledged)");
        }
        out.printf(Locale.ROOT, "VOP batch    p50 %s  p99 %s  p999 %s (request to all journals holding it)%n",
                millis(r.batchLatency().getValueAtPercentile(50)), millis(r.batchLatency().getValueAtPercentile(99)),
                millis(r.batchLatency().getValueAtPercentile(99.9)));
        if (r.virtual() != null) {
            out.printf(Locale.ROOT, "virtual time issuing %.6f s, run %.6f s (the deterministic model's clock, as are the "
                    + "ack and VOP batch latencies and the CPUs' wait for batches; every other time is wall clock)%n",
                    r.virtual().issuingNanos() / 1e9, r.virtual().totalNanos() / 1e9);
        }
        for (SimulationReport.JournalOutcome j : r.journals()) {
            out.printf(Locale.ROOT, "journal      %s: %s sent, %,d records stored, %,d replayed duplicates skipped, %s%n",
                    j.name(), ByteSize.format(j.bytesSent()), j.records(), j.duplicatesSkipped(),
                    j.discarded() ? "discarded by the target, not verified"
                            : j.verified() ? "mirror equals the emulated tree" : "MISMATCH");
            if (!j.streamProblem().isEmpty()) {
                out.println("             stream: " + j.streamProblem());
            }
            j.treeDifferences().forEach(d -> out.println("             tree: " + d));
        }
        printStages(out, r);
        r.problems().forEach(p -> out.println("problem      " + p));
        out.println(r.verified() ? "verification passed" : "verification FAILED");
        out.flush();
    }

    /**
     * Where the time went: the wall-clock phases, then each stage from generating a VOP to the
     * mirror applying it. Each stage's time is summed over the threads that run it (mount threads,
     * journals, targets), so stages overlap and their sum may exceed the wall-clock time; the
     * per-op figure divides by the steps issued.
     */
    private static void printStages(PrintWriter out, SimulationReport r) {
        final SimulationReport.Stages s = r.stages();
        final StringBuilder phases = new StringBuilder();
        s.phases().forEach((name, seconds) -> phases.append(phases.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.2f s", name, seconds)));
        out.println("time         " + (r.virtual() != null ? "(wall clock) " : "") + phases);
        final long steps = Math.max(s.steps(), 1);
        stage(out, "generating VOPs", s.generatingNanos(), steps, "mount threads");
        stage(out, "running VOPs on the mount", s.applyingNanos(), steps, "the VOP and its journal records");
        stage(out, "CPUs waiting for batches", s.cpuWaitNanos(), steps, (r.virtual() != null ? "virtual time, " : "")
                + "summed over CPUs: mount queue, the two above, room in the rings");
        final JournalStages j = s.journal();
        final SimulationReport.TargetStages t = s.target();
        stage(out, "waiting for ring space", j.ringWaitNanos(), steps, "journals: producers asleep for room (journal_reserve)");
        stage(out, "writer", j.writerNanos(), steps, "journals: whole records copied out of the ring");
        stage(out, "socket", j.socketNanos(), steps, "journals: a chunk in the connection until the stream asks for more");
        stage(out, "target store", t.receiveNanos(), steps, "targets: decoding, checking and writing what arrived");
        stage(out, "fsync", t.fsyncNanos(), steps, t.fsyncs() + " calls, each covering every batch before it");
        stage(out, "mirror", t.mirrorApplyNanos(), steps, "targets' mirror threads; peak lag "
                + ByteSize.format(t.mirrorPeakLagBytes()) + " behind the stored journal");
        final long rss = PeakRss.bytes();
        out.printf(Locale.ROOT, "memory       peak RSS %s, heap limit %s%n", rss < 0 ? "n/a" : ByteSize.format(rss),
                ByteSize.format(Runtime.getRuntime().maxMemory()));
    }

    private static void stage(PrintWriter out, String name, long nanos, long steps, String note) {
        out.printf(Locale.ROOT, "stage        %-25s %9.2f s  %7.2f us/op (%s)%n", name, nanos / 1e9, nanos / 1e3 / steps, note);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    /** Parses {@code 30s}, {@code 2m}, {@code 500ms} or an ISO-8601 duration. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            final String value = text.trim().toLowerCase(Locale.ROOT);
            try {
                if (value.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
                }
                if (value.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
                }
                if (value.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
                }
                return Duration.parse(text);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a duration (like 30s, 2m, 500ms)");
            }
        }
    }
}
