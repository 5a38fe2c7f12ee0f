package io.kemu.cli.bench;

import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.testkit.simulation.Simulation;
import io.kemu.testkit.simulation.SimulationOptions;
import io.kemu.testkit.simulation.SimulationReport;
import io.kemu.vfs.workload.JournalRecorder;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seeded {@code kemu simulate} workload (its CPUs' generators, seeded as {@link Simulation} seeds
 * them, taking turns in batches on one mount) along three paths, to show what each layer costs:
 * <ol>
 *   <li>{@code direct}: vfs-emu alone on this thread, the journal's writer run synchronously into a
 *       sink that discards (what {@code kemu record} does, without the files);</li>
 *   <li>{@code actors}: the actors (CPUs, mount, journal, writer) with an in-process target that
 *       discards, half duplex;</li>
 *   <li>{@code simulate}: the default {@code kemu simulate}: full duplex over loopback TCP to a target
 *       that stores, mirrors live and acknowledges durably, then verified.</li>
 * </ol>
 * {@link #inOwnJvm} runs one {@code kemu simulate} in a JVM of its own with a bounded heap, so its
 * peak RSS is its own.
 */
public final class SimulatePaths {
    private static final Pattern OPS_LINE = Pattern.compile("^ops\\s+([\\d,]+) in ([\\d.]+) s: ([\\d,]+) ops/s");
    private static final Pattern MEMORY_LINE =
            Pattern.compile("^memory\\s+peak RSS ([\\d.]+) (MiB|KiB|B), heap limit ([\\d.]+) (MiB|KiB|B)");

    private final int cpus;
    private final long ops;
    private final int batch;
    private final long seed;
    private final int ringBytes;

    public SimulatePaths(int cpus, long ops, int batch, long seed, int ringBytes) {
        if (ops < 1 || ops > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--ops must be 1 .. " + Integer.MAX_VALUE + ", got " + ops);
        }
        this.cpus = cpus;
        this.ops = ops;
        this.batch = batch;
        this.seed = seed;
        this.ringBytes = ringBytes;
        options(SimulationOptions.TargetKind.DISCARD, true);
    }

    /** (a) vfs-emu directly, one thread: the CPUs' generators take turns, one batch each. */
    public PathRun direct() throws IOException {
        final WorkloadGenerator[] generators = new WorkloadGenerator[cpus];
        for (int cpu = 0; cpu < cpus; ++cpu) {
            generators[cpu] = new WorkloadGenerator(Simulation.cpuSeed(seed, cpu), false);
        }
        final long cpuBefore = ProcessCpu.nanos();
        final long start = System.nanoTime();
        final JournalRecorder.Session session = JournalRecorder.Session.start(
                new JournalRecorder.Options(seed, 0, false, false, ringBytes), generators[0], OutputStream.nullOutputStream());
        long done = 0;
        for (int cpu = 0; done < ops; cpu = (cpu + 1) % cpus) {
            final long n = Math.min(batch, ops - done);
            for (long i = 0; i < n; ++i) {
                session.step(generators[cpu]);
            }
            done += n;
        }
        final double issuing = (System.nanoTime() - start) / 1e9;
        session.finish();
        final double total = (System.nanoTime() - start) / 1e9;
        final long cpuAfter = ProcessCpu.nanos();
        return new PathRun("direct", "vfs-emu on one thread, journal written synchronously, discarded", done, issuing,
                total, cpuBefore < 0 ? -1 : cpuAfter - cpuBefore, true, "");
    }

    /** (b) the actors, with an in-process target that discards (half duplex). */
    public PathRun actorsDiscarding() throws Exception {
        return simulated("actors", "CPU, mount, journal and writer actors; in-process target that discards",
                options(SimulationOptions.TargetKind.DISCARD, true));
    }

    /** (c) the default simulate: full duplex TCP, durable acks, live mirror, verification. */
    public PathRun fullSimulate() throws Exception {
        return simulated("simulate", "default simulate: full duplex loopback TCP, stored, fsync'd, mirrored, verified",
                options(SimulationOptions.TargetKind.TCP, false));
    }

    private PathRun simulated(String path, String description, SimulationOptions options) throws Exception {
        final long cpuBefore = ProcessCpu.nanos();
        final long start = System.nanoTime();
        final SimulationReport report = Simulation.run(options, progress -> { });
        final double total = (System.nanoTime() - start) / 1e9;
        final long cpuAfter = ProcessCpu.nanos();
        return new PathRun(path, description, report.ops(), report.seconds(), total,
                cpuBefore < 0 ? -1 : cpuAfter - cpuBefore, report.verified(), JournalWorkload.firstProblem(report));
    }

    private SimulationOptions options(SimulationOptions.TargetKind target, boolean halfDuplex) {
        return new SimulationOptions(cpus, ops, null, ringBytes, target, halfDuplex, false, 0, 0, seed, null, null,
                ThreadModel.FORK_JOIN, batch, false, 1, false);
    }

    /**
     * Runs {@code kemu simulate --target discard --half-duplex} with {@code sizeOps} operations in a
     * new JVM of this JVM's java and class path, its heap limited to {@code heapMiB}; reads its
     * report. Gives up after {@code timeoutMinutes}.
     */
    public SizeRun inOwnJvm(long sizeOps, int heapMiB, long timeoutMinutes) throws IOException, InterruptedException {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heapMiB + "m", "-cp",
                System.getProperty("java.class.path"), "io.kemu.cli.KemuCommand", "simulate",
                "--cpus", Integer.toString(cpus), "--ops", Long.toString(sizeOps), "--batch", Integer.toString(batch),
                "--seed", Long.toString(seed), "--ring", Integer.toString(ringBytes), "--target", "discard", "--half-duplex"));
        final Path report = Files.createTempFile("kemu-bench-simulate-", ".txt");
        try {
            final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(report.toFile()).start();
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                return new SizeRun(sizeOps, 0, -1, -1, false, "did not finish in " + timeoutMinutes + " min");
            }
            double opsPerSecond = 0;
            long rss = -1;
            long heap = -1;
            boolean verified = false;
            for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
                final Matcher opsLine = OPS_LINE.matcher(line);
                final Matcher memoryLine = MEMORY_LINE.matcher(line);
                if (opsLine.find()) {
                    opsPerSecond = Long.parseLong(opsLine.group(1).replace(",", "")) / Double.parseDouble(opsLine.group(2));
                } else if (memoryLine.find()) {
                    rss = bytes(memoryLine.group(1), memoryLine.group(2));
                    heap = bytes(memoryLine.group(3), memoryLine.group(4));
                } else if (line.equals("verification passed")) {
                    verified = true;
                }
            }
            final int exit = process.exitValue();
            return new SizeRun(sizeOps, opsPerSecond, rss, heap, verified && exit == 0,
                    exit == 0 ? "" : String.format(Locale.ROOT, "kemu simulate exited with status %d", exit));
        } finally {
            Files.deleteIfExists(report);
        }
    }

    private static long bytes(String value, String unit) {
        final double number = Double.parseDouble(value);
        return Math.round(switch (unit) {
            case "MiB" -> number * (1 << 20);
            case "KiB" -> number * (1 << 10);
            default -> number;
        });
    }
}
