package io.kemu.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.kemu.cli.bench.HostileSoak;
import io.kemu.testkit.WorkDirectories;
import io.kemu.vfs.workload.JournalRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
/**
 * {@code kemu bench hostile [--cases N] [--seed S] [--jobs J] [--work-dir DIR]}: a soak of kemu
 * against bad input. Nine cases in ten run a mutated or truncated journal through dump, mirror and
 * undo ({@link io.kemu.cli.bench.HostileStreams}); every tenth lets a hostile peer loose on a live
 * in-process target while a real journal replays into it ({@link io.kemu.cli.bench.HostilePeers}); {@link HostileSoak}
 * spreads them over worker threads. Reports cases, crashes (an exception other than a clean refusal),
 * hangs (a case over its time limit), escapes (files beside or symlinks out of a mirror root),
 * acknowledged-but-unstored records, full journals checked against their tree, and peak RSS. Exit
 * status 0 when all of those are zero, 1 otherwise, 2 for bad options. Everything it writes is under
 * a directory it creates in {@code --work-dir} and removes at the end.
 */
@Command(name = "hostile", mixinStandardHelpOptions = true,
        description = "Soak test: mutated streams through dump/mirror/undo and hostile peers against a live target.")
public final class BenchHostileCommand implements Callable<Integer> {
    private static final int MAX_JOBS = 64;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cases", description = "cases to run (default 2000)")
    long cases = 2000;

    @Option(names = "--seed", description = "random seed (default 1)")
    long seed = 1;

    @Option(names = "--ops", description = "workload steps of the recorded journal the cases start from (default 1000)")
    int ops = 1000;

    @Option(names = "--jobs", description = "worker threads, each with its own live target and reused mirror root"
            + " (default: twice the number of CPUs, since live-target cases mostly wait)")
    int jobs = Math.min(MAX_JOBS, 2 * Runtime.getRuntime().availableProcessors());

    @Option(names = "--work-dir", description = "where to create the run's scratch directory (default: the system's"
            + " temporary directory; a tmpfs such as /dev/shm makes a long run much faster)")
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--time-limit", description = "stop starting cases after this many seconds (default 3600)")
    long timeLimitSeconds = 3600;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (cases < 1 || ops < 1 || timeLimitSeconds < 1) {
            throw CliFailure.badInput("--cases, --ops and --time-limit refused", "each must be positive");
        }
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw CliFailure.badInput("--jobs " + jobs + " refused", "from 1 to " + MAX_JOBS);
        }
        if (!Files.isDirectory(workDir) || !Files.isWritable(workDir)) {
            throw CliFailure.badInput("--work-dir '" + workDir + "' refused", "not a writable directory");
        }
        final Path work = Files.createTempDirectory(workDir, "kemu-hostile-");
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "kemu-hostile");
        try {
            final ByteArrayOutputStream stream = new ByteArrayOutputStream();
            final Path tree = work.resolve("tree");
            JournalRecorder.record(new JournalRecorder.Options(seed, ops, true, true, 64 * 1024), stream, tree);
            final HostileSoak.Result r = new HostileSoak(seed, cases, jobs, timeLimitSeconds, system, stream.toByteArray(),
                    tree, work).run(out);
            report(out, r);
            return r.failures() == 0 ? 0 : 1;
        } finally {
            system.terminate();
            deleteWork(work);
        }
    }

    private void report(PrintWriter out, HostileSoak.Result r) {
        final HostileSoak.Peers peers = r.peers();
        out.printf("kemu bench hostile: %d cases (seed %d, %d jobs) in %.0f s%n", r.cases(), seed, jobs, r.seconds());
        if (r.cases() < cases && r.hangs() == 0) {
            out.printf("  stopped by --time-limit %d before the %d cases asked for%n", timeLimitSeconds, cases);
        }
        out.printf("  streams: %d mutated or truncated journals through dump, mirror and undo (fresh and reused roots)%n",
                r.streamCases());
        out.printf("  peers:   %d hostile peers against a live target; %d target kills and restarts, %d sender sessions,"
                + " %d connections refused or cut, %d whole journals checked against their tree%n",
                r.peerCases(), peers.restarts(), peers.sessions(), peers.connectionsRefused(), peers.rounds());
        out.printf("  crashes %d, hangs %d, escapes %d, acked-but-unstored %d, other failures %d%n",
                r.crashes(), r.hangs(), r.escapes(), peers.ackedButUnstored(), peers.failures().size());
        out.printf("  peak RSS %s%n", peakRss());
        r.problems().stream().limit(20).forEach(p -> out.println("  FAILED " + p));
        peers.failures().stream().limit(20).forEach(p -> out.println("  FAILED " + p.replaceAll("\\p{Cntrl}", "?")));
        out.flush();
    }

    /** Peak resident set size of this process (Linux), or "unknown". */
    private static String peakRss() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:")).findFirst()
                    .map(l -> (Long.parseLong(l.replaceAll("\\D", "")) >> 10) + " MiB").orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteWork(Path work) {
        try {
            WorkDirectories.delete(work);
        } catch (IOException e) {
            System.err.println("kemu bench hostile: could not remove " + work + ": " + e.getMessage());
        }
    }
}
