package io.kemu.cli.bench;

import akka.actor.typed.ActorSystem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The case loop of {@code kemu bench hostile}: {@code cases} cases spread over {@code jobs} worker
 * threads ("lanes"), with a watchdog that calls a case running longer than {@link #CASE_TIMEOUT_SECONDS}
 * a hang and stops the run.
 *
 * <p>Invariants: case {@code n}'s seed depends only on the run's seed and {@code n}; every tenth case
 * ({@code n % 10 == 9}) is a peer case. Each lane has its own live target ({@link HostilePeers}, in a
 * directory of its own) and its own reused mirror root, and runs its cases in case order: stream case
 * {@code n} on lane {@code n % jobs}, peer case {@code n} on lane {@code (n / 10) % jobs}. So the same
 * seed and the same {@code jobs} give the same cases against the same targets and roots, whatever the
 * threads' timing; a peer case mostly waits (timeouts, slow senders) while a stream case mostly
 * computes, so every lane has both.
 */
public final class HostileSoak {
    public static final long CASE_TIMEOUT_SECONDS = 60;
    static final int PEER_EVERY = 10;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What a run found; the peers' figures are summed over the lanes' targets. */
    public record Result(long streamCases, long peerCases, long crashes, long hangs, long escapes, List<String> problems,
            double seconds, Peers peers) {
        public long cases() {
            return streamCases + peerCases;
        }

        public long failures() {
            return crashes + hangs + escapes + peers.ackedButUnstored() + peers.failures().size();
        }
    }

    /** The live targets' figures (see {@link HostilePeers}). */
    public record Peers(long restarts, long sessions, long connectionsRefused, long rounds, long ackedButUnstored,
            List<String> failures) {
    }

    private final long seed;
    private final long cases;
    private final int jobs;
    private final long timeLimitNanos;
    private final ActorSystem<?> system;
    private final byte[] journal;
    private final Path tree;
    private final Path work;
    private Tally tally;
    private volatile boolean stop;
    private final CountDownLatch lanesEnded;

    /**
     * A run of {@code cases} cases from {@code journal} (a reversible stream recorded from {@code tree})
     * in {@code work}, a directory kemu created; the targets run on {@code system}.
     */
    public HostileSoak(long seed, long cases, int jobs, long timeLimitSeconds, ActorSystem<?> system, byte[] journal,
            Path tree, Path work) {
        this.seed = seed;
        this.cases = cases;
        this.jobs = jobs;
        this.timeLimitNanos = TimeUnit.SECONDS.toNanos(timeLimitSeconds);
        this.system = system;
        this.journal = journal;
        this.tree = tree;
        this.work = work;
        this.lanesEnded = new CountDownLatch(jobs);
    }

    /** Case {@code n}'s seed: SplitMix64's finaliser over the run's seed and {@code n}. */
    static long caseSeed(long seed, long n) {
        long z = seed + (n + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static boolean isPeerCase(long n) {
        return n % PEER_EVERY == PEER_EVERY - 1;
    }

    /** The lane that runs case {@code n} among {@code jobs} lanes (see the class comment). */
    static int laneOf(long n, int jobs) {
        return (int) ((isPeerCase(n) ? n / PEER_EVERY : n) % jobs);
    }

    /**
     * Runs the cases and returns what they found; prints a progress line to {@code out} every ten
     * seconds. Returns when every lane has ended, or soon after a hang (the hung lane is a daemon
     * thread and is abandoned); the targets are stopped before it returns.
     */
    public Result run(PrintWriter out) throws Exception {
        tally = new Tally(out);
        final long started = System.nanoTime();
        final List<Lane> lanes = new ArrayList<>();
        try {
            for (int i = 0; i < jobs; i++) {
                final Path dir = Files.createDirectories(work.resolve("lane-" + i));
                lanes.add(new Lane(i, new HostileStreams(journal, dir, "reused"), new HostilePeers(system, journal, tree, dir),
                        started));
            }
            lanes.forEach(l -> l.thread.start());
            return watch(lanes, out, started);
        } finally {
            stop = true;
            for (Lane lane : lanes) {
                try {
                    lane.peers.close();
                } catch (Exception e) {
                    out.println("kemu bench hostile: stopping lane " + lane.index + "'s target: " + e.getMessage());
                }
            }
        }
    }

    /** Waits for the lanes, printing progress and calling a case over its limit a hang. */
    private Result watch(List<Lane> lanes, PrintWriter out, long started) throws InterruptedException {
        long nextProgress = started + PROGRESS_EVERY_NANOS;
        boolean hung = false;
        while (!hung && !lanesEnded.await(200, TimeUnit.MILLISECONDS)) {
            final long now = System.nanoTime();
            for (Lane lane : lanes) {
                final long since = lane.busySince;
                if (since != 0 && now - since > TimeUnit.SECONDS.toNanos(CASE_TIMEOUT_SECONDS)) {
                    final long n = lane.busyCase;
                    tally.hang("case " + n + " (seed " + caseSeed(seed, n) + "): no end within " + CASE_TIMEOUT_SECONDS + " s");
                    hung = true;
                }
            }
            if (now >= nextProgress) {
                out.printf("  %d of %d cases, %d s, %d problems so far%n", tally.done(), cases,
                        TimeUnit.NANOSECONDS.toSeconds(now - started), tally.problemCount());
                out.flush();
                nextProgress = now + PROGRESS_EVERY_NANOS;
            }
        }
        stop = true;
        final List<HostilePeers> all = lanes.stream().map(l -> l.peers).toList();
        final List<String> failures = new ArrayList<>();
        all.forEach(p -> failures.addAll(p.failures()));
        final Peers peers = new Peers(all.stream().mapToLong(HostilePeers::restarts).sum(),
                all.stream().mapToLong(HostilePeers::sessions).sum(),
                all.stream().mapToLong(HostilePeers::connectionsRefused).sum(),
                all.stream().mapToLong(HostilePeers::rounds).sum(),
                all.stream().mapToLong(HostilePeers::ackedButUnstored).sum(), failures);
        return tally.result((System.nanoTime() - started) / 1e9, peers);
    }

    /** One worker: runs its share of the cases in case order (see the class comment). */
    private final class Lane implements Runnable {
        final int index;
        final HostileStreams streams;
        final HostilePeers peers;
        final long started;
        final Thread thread;
        volatile long busySince;
        volatile long busyCase = -1;
        /** The peers' failures already printed. */
        private int failuresShown;

        Lane(int index, HostileStreams streams, HostilePeers peers, long started) {
            this.index = index;
            this.streams = streams;
            this.peers = peers;
            this.started = started;
            this.thread = new Thread(this, "kemu-hostile-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                for (long n = 0; n < cases && !stop && System.nanoTime() - started < timeLimitNanos; n++) {
                    if (laneOf(n, jobs) != index) {
                        continue;
                    }
                    busyCase = n;
                    busySince = System.nanoTime();
                    final Random r = new Random(caseSeed(seed, n));
                    final boolean peerCase = isPeerCase(n);
                    try {
                        if (peerCase) {
                            peers.runCase(r, (int) (n / PEER_EVERY));
                            tally.peerCase();
                            final List<String> found = peers.failures();
                            while (failuresShown < found.size()) {
                                tally.show("case " + n + " (seed " + caseSeed(seed, n) + "): " + found.get(failuresShown++));
                            }
                        } else {
                            tally.streamCase(n, streams.run(n, r));
                        }
                    } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                        tally.crash(peerCase, "case " + n + " (seed " + caseSeed(seed, n) + "): " + e);
                    }
                    busySince = 0;
                }
            } finally {
                lanesEnded.countDown();
            }
        }
    }

    /**
     * The run's counters and first problems, shared by the lanes. Each problem is also printed as it
     * is found, so that a long soak's first failure shows at once (and survives an interrupted run).
     */
    private static final class Tally {
        private static final int MAX_PROBLEMS = 100;
        private long streamCases;
        private long peerCases;
        private long crashes;
        private long hangs;
        private long escapes;
        private final List<String> problems = new ArrayList<>();

        synchronized void streamCase(long n, HostileStreams.Outcome o) {
            streamCases++;
            if (o.crash() != null) {
                crashes++;
                note(o.crash());
            }
            escapes += o.escapes().size();
            o.escapes().forEach(e -> note("case " + n + ": " + e));
        }

        synchronized void peerCase() {
            peerCases++;
        }

        synchronized void crash(boolean peerCase, String what) {
            if (peerCase) {
                peerCases++;
            } else {
                streamCases++;
            }
            crashes++;
            note(what);
        }

        synchronized void hang(String what) {
            hangs++;
            note(what);
        }

        synchronized long done() {
            return streamCases + peerCases;
        }

        synchronized long problemCount() {
            return crashes + hangs + escapes;
        }

        synchronized Result result(double seconds, Peers peers) {
            return new Result(streamCases, peerCases, crashes, hangs, escapes, List.copyOf(problems), seconds, peers);
        }

        private final PrintWriter out;

        Tally(PrintWriter out) {
            this.out = out;
        }

        /** Prints a problem counted elsewhere (a peer's failure) as it is found. */
        synchronized void show(String problem) {
            out.println("  found: " + problem.replaceAll("\\p{Cntrl}", "?"));
            out.flush();
        }

        private void note(String problem) {
            if (problems.size() < MAX_PROBLEMS) {
                final String line = problem.replaceAll("\\p{Cntrl}", "?");
                problems.add(line);
                out.println("  found: " + line);
                out.flush();
            }
        }
    }
}
