package io.kemu.cli;

import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.dispatch.ThreadModelUnavailableException;
import io.kemu.cli.bench.ClusterWorkload;
import io.kemu.cli.bench.JournalWorkload;
import io.kemu.cli.bench.ModelRun;
import io.kemu.cli.bench.ThreadModelChart;
import io.kemu.cli.bench.ThreadModelWorkload;
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
 * {@code kemu bench thread-models}: runs the same workload once under each thread model, one after
 * the other in this JVM (a short unreported warm-up run first, so the first model does not pay for
 * the JIT), prints a table (ops/s, batch latency p50/p99, fifostalls, process CPU time) and draws
 * the chart. A model this JVM cannot run (virtual threads before Java 21) gets a row saying so. Exit
 * status 0 when every available model ran and verified, 1 when a run failed its verification, 2 for
 * bad options (an existing --chart file is overwritten only with --force).
 *
 * <p>Workloads: the journal simulation ({@link JournalWorkload}) and the HAMMER2 cluster simulation
 * ({@link ClusterWorkload}).
 */
@Command(name = "thread-models", mixinStandardHelpOptions = true,
        description = "Run the journal and cluster workloads under every thread model; print a table and write a PNG chart.")
public final class BenchThreadModelsCommand implements Callable<Integer> {
    private static final long QUICK_OPS = 4_000;
    private static final long FULL_OPS = 40_000;
    private static final long WARMUP_OPS = 1_000;
    private static final long QUICK_CLUSTER_OPS = 300;
    private static final long FULL_CLUSTER_OPS = 2_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "a short run (4000 ops per model, 256k ring): under a minute on 2 cores")
    boolean quick;

    @Option(names = "--ops", description = "VOPs per model (default 40000, or 4000 with --quick)")
    Long ops;

    @Option(names = "--cpus", description = "simulated CPUs, 1..4096 (default 2)")
    int cpus = 2;

    @Option(names = "--ring", description = "journal FIFO size, a power of two from 64k to 128m (default 1m, 256k with --quick)",
            converter = ByteSize.class)
    Long ring;

    @Option(names = "--models", split = ",", description = "thread models to run, comma separated (default: all of "
            + "fork-join, thread-pool, pinned, lwkt, uniprocessor, virtual, deterministic)")
    List<String> models;

    @Option(names = "--chart", description = "where to write the PNG chart (default thread-models.png)")
    Path chart = Path.of("thread-models.png");

    @Option(names = "--force", description = "overwrite an existing --chart file")
    boolean force;

    @Option(names = "--no-warmup", description = "skip the unreported warm-up run")
    boolean noWarmup;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<ThreadModel> selected;
        final List<ThreadModelWorkload> workloads;
        try {
            selected = selectedModels();
            workloads = workloads();
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("options refused", e.getMessage());
        }
        if (java.nio.file.Files.exists(chart, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            OutputPaths.checkNewFile("--chart", chart, force);
        }
        out.printf(Locale.ROOT, "kemu bench thread-models%s: Java %s, %d cores%n", quick ? " --quick" : "",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        for (ThreadModelWorkload workload : workloads) {
            out.println("workload " + workload.name() + ": " + workload.description());
        }
        out.flush();
        if (!noWarmup) {
            warmUp(err);
        }
        final List<ModelRun> runs = new ArrayList<>();
        for (ThreadModelWorkload workload : workloads) {
            for (ThreadModel model : selected) {
                runs.add(runOne(workload, model, err));
            }
        }
        print(out, runs);
        if (runs.stream().anyMatch(ModelRun::available)) {
            ThreadModelChart.write(runs, chart);
            out.println("chart written to " + chart);
        } else {
            out.println("no chart: no thread model could run on this JVM");
        }
        out.flush();
        return runs.stream().filter(ModelRun::available).allMatch(ModelRun::verified) ? 0 : 1;
    }

    private List<ThreadModel> selectedModels() {
        if (models == null || models.isEmpty()) {
            return List.of(ThreadModel.values());
        }
        final List<ThreadModel> chosen = new ArrayList<>();
        for (String name : models) {
            final ThreadModel model = ThreadModel.fromName(name.trim());
            if (chosen.contains(model)) {
                throw new IllegalArgumentException("thread model '" + name.trim() + "' given twice");
            }
            chosen.add(model);
        }
        return chosen;
    }

    /** The workloads, in the order they run; validates the sizes. */
    private List<ThreadModelWorkload> workloads() {
        final long perModel = ops != null ? ops : quick ? QUICK_OPS : FULL_OPS;
        final long ringBytes = ring != null ? ring : quick ? 256 << 10 : 1 << 20;
        if (cpus < 1 || cpus > 4096) {
            throw new IllegalArgumentException("--cpus must be 1..4096, got " + cpus);
        }
        if (perModel < 1) {
            throw new IllegalArgumentException("--ops must be at least 1, got " + perModel);
        }
        if (ringBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--ring must be a power of two from 64k to 128m");
        }
        final long clusterOps = ops != null ? ops : quick ? QUICK_CLUSTER_OPS : FULL_CLUSTER_OPS;
        return List.of(new JournalWorkload(cpus, perModel, (int) ringBytes), new ClusterWorkload(clusterOps));
    }

    private void warmUp(PrintWriter err) throws Exception {
        err.println("warming up (fork-join, " + WARMUP_OPS + " ops, not reported) ...");
        err.flush();
        new JournalWorkload(cpus, WARMUP_OPS, 256 << 10).run(ThreadModel.FORK_JOIN);
    }

    private static ModelRun runOne(ThreadModelWorkload workload, ThreadModel model, PrintWriter err) throws Exception {
        try {
            model.checkAvailable();
        } catch (ThreadModelUnavailableException e) {
            return ModelRun.unavailable(workload.name(), model, "unavailable: needs Java 21");
        }
        err.println("running " + workload.name() + " under " + model.configName() + " ...");
        err.flush();
        return workload.run(model);
    }

    static void print(PrintWriter out, List<ModelRun> runs) {
        out.println();
        out.println("| workload | model | ops/s | latency p50 | latency p99 | fifostalls | CPU time | CPU per op | verified |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (ModelRun r : runs) {
            if (!r.available()) {
                out.printf(Locale.ROOT, "| %s | %s | %s | | | | | | |%n", r.workload(), r.model().configName(), r.unavailable());
                continue;
            }
            out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.2f ms | %.2f ms | %,d | %s | %s | %s |%n", r.workload(),
                    r.model().configName(), r.opsPerSecond(), r.p50Nanos() / 1e6, r.p99Nanos() / 1e6, r.fifostalls(),
                    r.cpuNanos() < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f s", r.cpuNanos() / 1e9),
                    r.cpuNanos() < 0 || r.ops() == 0 ? "n/a"
                            : String.format(Locale.ROOT, "%.0f us", r.cpuNanos() / 1e3 / r.ops()),
                    r.verified() ? "yes" : "NO");
        }
        out.println();
        for (ModelRun r : runs) {
            if (r.available() && !r.verified()) {
                out.println("not verified: " + r.workload() + " under " + r.model().configName() + ": " + r.problem());
            }
        }
        out.println("ops/s counts the issuing phase; latency is, for journal, a VOP batch from request to being in "
                + "every journal's ring, for cluster, one operation from request to answer; CPU time is the whole "
                + "process over the whole run (setup, drain, verification, JIT and GC included). Under deterministic "
                + "the latencies are virtual time and the journal's target is simulated in memory.");
    }
}
