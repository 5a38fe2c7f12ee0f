package io.kemu.cli;

import io.kemu.cli.bench.PathRun;
import io.kemu.cli.bench.SimulatePaths;
import io.kemu.cli.bench.SimulatePathsChart;
import io.kemu.cli.bench.SizeRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kemu bench simulate}: the same seeded simulate workload along three paths in this JVM
 * (vfs-emu directly, the actors with a discarding target, the default full simulate; a short
 * unreported warm-up first), a table with each path's ratio to the direct one, then the cost per
 * operation at 100 k, 1 M and (without {@code --quick}) 10 M operations, each a {@code kemu simulate
 * --target discard} in a JVM of its own with a bounded heap, with its peak RSS; and a PNG chart.
 * Exit status 0 when every run finished and verified, 1 otherwise, 2 for bad options.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run the simulate workload directly, through the actors, and as the full simulate; "
                + "cost per op by run length with peak RSS; print a table and write a PNG chart.")
public final class BenchSimulateCommand implements Callable<Integer> {
    private static final long QUICK_OPS = 20_000;
    private static final long FULL_OPS = 100_000;
    private static final long WARMUP_OPS = 5_000;
    private static final long[] SIZES = {100_000, 1_000_000, 10_000_000};
    private static final int SIZE_HEAP_MIB = 512;
    private static final long SIZE_TIMEOUT_MINUTES = 30;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "20000 ops per path, sizes 100k and 1M only: a few minutes on 2 cores")
    boolean quick;

    @Option(names = "--ops", description = "VOPs per path (default 100000, or 20000 with --quick)")
    Long ops;

    @Option(names = "--cpus", description = "simulated CPUs (default 2)")
    int cpus = 2;

    @Option(names = "--seed", description = "workload seed (default 1)")
    long seed = 1;

    @Option(names = "--no-sizes", description = "skip the runs at 100k, 1M and 10M ops")
    boolean noSizes;

    @Option(names = "--chart", description = "where to write the PNG chart (default simulate-paths.png)")
    Path chart = Path.of("simulate-paths.png");

    @Option(names = "--force", description = "overwrite an existing --chart file")
    boolean force;

    @Option(names = "--no-warmup", description = "skip the unreported warm-up runs")
    boolean noWarmup;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final SimulatePaths paths;
        try {
            if (cpus < 1 || cpus > 4096) {
                throw new IllegalArgumentException("--cpus must be 1..4096, got " + cpus);
            }
            paths = new SimulatePaths(cpus, ops != null ? ops : quick ? QUICK_OPS : FULL_OPS, 16, seed, 1 << 20);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("options refused", e.getMessage());
        }
        OutputPaths.checkNewFile("--chart", chart, force);
        out.printf(Locale.ROOT, "kemu bench simulate%s: Java %s, %d cores, %d CPUs, seed %d%n", quick ? " --quick" : "",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), cpus, seed);
        out.flush();
        if (!noWarmup) {
            err.println("warming up (" + WARMUP_OPS + " ops along each in-process path, not reported) ...");
            err.flush();
            final SimulatePaths warmup = new SimulatePaths(cpus, WARMUP_OPS, 16, seed, 1 << 20);
            warmup.direct();
            warmup.actorsDiscarding();
        }
        final List<PathRun> runs = new ArrayList<>();
        err.println("running direct ...");
        err.flush();
        runs.add(paths.direct());
        err.println("running actors ...");
        err.flush();
        runs.add(paths.actorsDiscarding());
        err.println("running simulate ...");
        err.flush();
        runs.add(paths.fullSimulate());
        printPaths(out, runs);
        final List<SizeRun> sizes = new ArrayList<>();
        if (!noSizes) {
            for (long size : SIZES) {
                if (quick && size > 1_000_000) {
                    continue;
                }
                err.printf(Locale.ROOT, "running kemu simulate --target discard --half-duplex --ops %,d in its own JVM "
                        + "(-Xmx%dm) ...%n", size, SIZE_HEAP_MIB);
                err.flush();
                sizes.add(paths.inOwnJvm(size, SIZE_HEAP_MIB, SIZE_TIMEOUT_MINUTES));
            }
            printSizes(out, sizes);
        }
        SimulatePathsChart.write(runs, sizes, chart);
        out.println("chart written to " + chart);
        out.flush();
        return runs.stream().allMatch(PathRun::verified) && sizes.stream().allMatch(SizeRun::verified) ? 0 : 1;
    }

    static void printPaths(PrintWriter out, List<PathRun> runs) {
        final double direct = runs.get(0).opsPerSecond();
        out.println();
        out.println("| path | what runs | ops | issuing | ops/s | vs direct | end to end | CPU per op | verified |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (PathRun r : runs) {
            out.printf(Locale.ROOT, "| %s | %s | %,d | %.2f s | %,.0f | %.2f | %.2f s | %s | %s |%n", r.path(),
                    r.description(), r.ops(), r.seconds(), r.opsPerSecond(), direct > 0 ? r.opsPerSecond() / direct : 0,
                    r.endToEndSeconds(), r.cpuNanos() < 0 ? "n/a"
                            : String.format(Locale.ROOT, "%.1f us", r.cpuNanos() / 1e3 / Math.max(r.ops(), 1)),
                    r.verified() ? "yes" : "NO");
        }
        for (PathRun r : runs) {
            if (!r.verified()) {
                out.println("not verified: " + r.path() + ": " + r.problem());
            }
        }
        out.println("issuing: the CPUs' phase (ops/s counts it); end to end adds the drain, the targets' stop and the "
                + "verification; CPU per op: the whole process over the whole run, all threads.");
        out.flush();
    }

    static void printSizes(PrintWriter out, List<SizeRun> sizes) {
        out.println();
        out.println("| ops (actors, discarding target) | ops/s | us/op | peak RSS | heap limit | finished |");
        out.println("| ---: | ---: | ---: | ---: | ---: | --- |");
        for (SizeRun s : sizes) {
            out.printf(Locale.ROOT, "| %,d | %,.0f | %.1f | %s | %s | %s |%n", s.ops(), s.opsPerSecond(), s.microsPerOp(),
                    s.peakRssBytes() < 0 ? "n/a" : ByteSize.format(s.peakRssBytes()),
                    s.heapLimitBytes() < 0 ? "n/a" : ByteSize.format(s.heapLimitBytes()),
                    s.verified() ? "yes" : "NO: " + s.problem());
        }
        out.flush();
    }
}
