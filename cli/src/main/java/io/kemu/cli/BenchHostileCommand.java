package io.kemu.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.kemu.cli.bench.HostilePeers;
import io.kemu.cli.bench.HostileStreams;
import io.kemu.testkit.WorkDirectories;
import io.kemu.vfs.workload.JournalRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kemu bench hostile [--cases N] [--seed S]}: a soak of kemu against bad input. Nine cases in
 * ten run a mutated or truncated journal through dump, mirror and undo ({@link HostileStreams}); every
 * tenth lets a hostile peer loose on a live in-process target while a real journal replays into it
 * ({@link HostilePeers}). Reports cases, crashes (an exception other than a clean refusal), hangs (a
 * case over its time limit), escapes (files beside or symlinks out of a mirror root),
 * acknowledged-but-unstored records, full journals checked against their tree, and peak RSS. Exit
 * status 0 when all of those are zero, 1 otherwise, 2 for bad options.
 */
@Command(name = "hostile", mixinStandardHelpOptions = true,
        description = "Soak test: mutated streams through dump/mirror/undo and hostile peers against a live target.")
public final class BenchHostileCommand implements Callable<Integer> {
    private static final long CASE_TIMEOUT_SECONDS = 60;
    private static final int PEER_EVERY = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cases", description = "cases to run (default 2000)")
    int cases = 2000;

    @Option(names = "--seed", description = "random seed (default 1)")
    long seed = 1;

    @Option(names = "--ops", description = "workload steps of the recorded journal the cases start from (default 1000)")
    int ops = 1000;

    @Option(names = "--time-limit", description = "stop starting cases after this many seconds (default 3600)")
    long timeLimitSeconds = 3600;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (cases < 1 || ops < 1 || timeLimitSeconds < 1) {
            throw CliFailure.badInput("--cases, --ops and --time-limit refused", "each must be positive");
        }
        final Path work = Files.createTempDirectory("kemu-hostile-");
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "kemu-hostile");
        final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "kemu-hostile-case");
            t.setDaemon(true);
            return t;
        });
        final long started = System.nanoTime();
        final List<String> problems = new ArrayList<>();
        long streamCases = 0;
        long peerCases = 0;
        long crashes = 0;
        long hangs = 0;
        long escapes = 0;
        HostilePeers peers = null;
        try {
            final ByteArrayOutputStream stream = new ByteArrayOutputStream();
            final Path tree = work.resolve("tree");
            JournalRecorder.record(new JournalRecorder.Options(seed, ops, true, true, 64 * 1024), stream, tree);
            final byte[] journal = stream.toByteArray();
            final HostileStreams streams = new HostileStreams(journal, work);
            peers = new HostilePeers(system, journal, tree, work);
            final Random random = new Random(seed);
            int n = 0;
            for (; n < cases && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(timeLimitSeconds); n++) {
                final int caseNumber = n;
                final long caseSeed = random.nextLong();
                final boolean peerCase = n % PEER_EVERY == PEER_EVERY - 1;
                final HostilePeers livePeers = peers;
                final Future<HostileStreams.Outcome> outcome = runner.submit(() -> {
                    final Random r = new Random(caseSeed);
                    if (peerCase) {
                        livePeers.runCase(r, caseNumber / PEER_EVERY);
                        return new HostileStreams.Outcome(null, List.of());
                    }
                    return streams.run(caseNumber, r);
                });
                try {
                    final HostileStreams.Outcome o = outcome.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    if (o.crash() != null) {
                        crashes++;
                        note(problems, o.crash());
                    }
                    escapes += o.escapes().size();
                    o.escapes().forEach(e -> note(problems, "case " + caseNumber + ": " + e));
                } catch (TimeoutException e) {
                    hangs++;
                    outcome.cancel(true);
                    note(problems, "case " + caseNumber + " (seed " + caseSeed + "): no end within " + CASE_TIMEOUT_SECONDS + " s");
                    break;
                } catch (ExecutionException e) {
                    crashes++;
                    note(problems, "case " + caseNumber + " (seed " + caseSeed + "): " + e.getCause());
                }
                if (peerCase) {
                    peerCases++;
                } else {
                    streamCases++;
                }
                if ((n + 1) % 500 == 0) {
                    out.printf("  %d cases, %d s%n", n + 1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                    out.flush();
                }
            }
            peers.failures().forEach(f -> note(problems, f));
            final double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("kemu bench hostile: %d cases (seed %d) in %.0f s%n", n, seed, seconds);
            out.printf("  streams: %d mutated or truncated journals through dump, mirror and undo (fresh and reused roots)%n",
                    streamCases);
            out.printf("  peers:   %d hostile peers against a live target; %d target kills and restarts, %d sender sessions,"
                    + " %d connections refused or cut, %d whole journals checked against their tree%n",
                    peerCases, peers.restarts(), peers.sessions(), peers.connectionsRefused(), peers.rounds());
            out.printf("  crashes %d, hangs %d, escapes %d, acked-but-unstored %d, other failures %d%n",
                    crashes, hangs, escapes, peers.ackedButUnstored(), peers.failures().size());
            out.printf("  peak RSS %s%n", peakRss());
            problems.stream().limit(20).forEach(p -> out.println("  FAILED " + p));
            out.flush();
            return crashes + hangs + escapes + peers.ackedButUnstored() + peers.failures().size() == 0 ? 0 : 1;
        } finally {
            if (peers != null) {
                try {
                    peers.close();
                } catch (Exception e) {
                    err.println("kemu bench hostile: stopping the target: " + e.getMessage());
                }
            }
            runner.shutdownNow();
            system.terminate();
            deleteWork(work);
        }
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 100) {
            problems.add(problem.replaceAll("\\p{Cntrl}", "?"));
        }
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
