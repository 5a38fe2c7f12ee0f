package io.kemu.actors.dispatch;

import akka.actor.typed.DispatcherSelector;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How kemu's actors are mapped onto threads: the same actors, run under different dispatchers, so a
 * workload can be compared across thread models. {@link #config(int)} yields the dispatcher settings
 * to layer over an actor system's configuration; {@link #selector(int)} the dispatcher an actor bound
 * to a simulated CPU is spawned on.
 *
 * <ul>
 *   <li>{@code fork-join}: Akka's default work-stealing pool;
 *   <li>{@code thread-pool}: a fixed pool of one thread per simulated CPU;
 *   <li>{@code pinned}: a thread per actor, like a kernel thread;
 *   <li>{@code lwkt}: one single-threaded dispatcher per simulated CPU, each actor bound to its CPU
 *       as LWKT binds threads to CPUs (messages between CPUs are the IPIs);
 *   <li>{@code uniprocessor}: everything, Akka's own default dispatcher included, on one thread;
 *   <li>{@code virtual}: a virtual thread per task (Java 21 and later; a clear error before);
 *   <li>{@code deterministic}: everything on the driver's thread, the next task picked by a seeded
 *       PRNG, timers on virtual time: a seed replays the run exactly (see
 *       {@link io.kemu.actors.dispatch.deterministic.DeterministicRuntime}, whose {@code config(cpus)}
 *       adds the run this model's settings need).
 * </ul>
 */
public enum ThreadModel {
    FORK_JOIN, THREAD_POOL, PINNED, LWKT, UNIPROCESSOR, VIRTUAL, DETERMINISTIC;

    /** The setting's spelling: {@code fork-join}, {@code thread-pool}, ... */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ThreadModel fromName(String name) {
        for (ThreadModel model : values()) {
            if (model.configName().equals(name)) {
                return model;
            }
        }
        throw new IllegalArgumentException("unknown thread model '" + name + "'; expected one of "
                + Arrays.stream(values()).map(ThreadModel::configName).collect(Collectors.joining(", ")));
    }

    /** The model named by {@code kemu.thread-model}. */
    public static ThreadModel fromConfig(Config config) {
        return fromName(config.getString("kemu.thread-model"));
    }

    /** Throws a clear error when this model cannot run on the current JVM. */
    public void checkAvailable() {
        if (this == VIRTUAL) {
            VirtualThreads.requireAvailable();
        }
    }

    /**
     * Dispatcher settings for {@code cpus} simulated CPUs: {@code kemu.dispatchers.cpu-0 ..}
     * (lwkt), {@code kemu.dispatchers.pinned}, {@code kemu.dispatchers.shared}; for uniprocessor the
     * default dispatcher itself is made single-threaded.
     */
    public Config config(int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("need at least one simulated CPU, got " + cpus);
        }
        final StringBuilder hocon = new StringBuilder();
        hocon.append("kemu.thread-model = ").append(configName()).append('\n');
        switch (this) {
            case FORK_JOIN -> hocon.append("kemu.dispatchers.shared { type = Dispatcher, executor = fork-join-executor }\n");
            case THREAD_POOL -> hocon.append("kemu.dispatchers.shared { type = Dispatcher, executor = thread-pool-executor, "
                    + "thread-pool-executor.fixed-pool-size = ").append(cpus).append(" }\n");
            case PINNED -> hocon.append("kemu.dispatchers.pinned { type = PinnedDispatcher, executor = thread-pool-executor }\n");
            case LWKT -> {
                for (int cpu = 0; cpu < cpus; cpu++) {
                    hocon.append("kemu.dispatchers.cpu-").append(cpu).append(" { type = Dispatcher, "
                            + "executor = thread-pool-executor, thread-pool-executor.fixed-pool-size = 1, throughput = 64 }\n");
                }
            }
            case UNIPROCESSOR -> {
                final String single = "{ type = Dispatcher, executor = thread-pool-executor, "
                        + "thread-pool-executor.fixed-pool-size = 1, throughput = 64 }";
                hocon.append("akka.actor.default-dispatcher ").append(single).append('\n');
                hocon.append("akka.actor.internal-dispatcher ").append(single).append('\n');
                hocon.append("kemu.dispatchers.shared = ${akka.actor.default-dispatcher}\n");
            }
            case VIRTUAL -> hocon.append("kemu.dispatchers.shared { type = Dispatcher, executor = \"")
                    .append(VirtualThreadExecutorConfigurator.class.getName()).append("\" }\n");
            case DETERMINISTIC -> hocon.append(deterministicSettings());
        }
        return ConfigFactory.parseString(hocon.toString());
    }

    /**
     * Every dispatcher Akka and kemu use (default, internal, blocking-io, streams') on the runtime's
     * executor with throughput 1 (so the PRNG interleaves single messages), the scheduler on virtual
     * time and the tracing mailbox. (Akka's start-up waits for replies - the logger's, the stream
     * materializer's - are served by the driver's {@code BlockContext}, see {@link
     * io.kemu.actors.dispatch.deterministic.DeterministicRun}.)
     */
    private static String deterministicSettings() {
        final String dispatcher = "{ type = Dispatcher, executor = \""
                + "io.kemu.actors.dispatch.deterministic.DeterministicExecutorConfigurator\", throughput = 1 }";
        return "akka.actor.default-dispatcher " + dispatcher + "\n"
                + "akka.actor.internal-dispatcher " + dispatcher + "\n"
                + "akka.actor.default-blocking-io-dispatcher " + dispatcher + "\n"
                + "akka.stream.default-blocking-io-dispatcher " + dispatcher + "\n"
                + "akka.scheduler.implementation = \"io.kemu.actors.dispatch.deterministic.VirtualTimeScheduler\"\n"
                + "akka.actor.default-mailbox.mailbox-type = \"io.kemu.actors.dispatch.deterministic.TracingMailboxType\"\n"
                + "akka.actor.typed.default-mailbox.mailbox-type = \"io.kemu.actors.dispatch.deterministic.TracingMailboxType\"\n"
                + "akka.log-dead-letters = off\n"
                + "akka.log-dead-letters-during-shutdown = off\n"
                + "akka.jvm-shutdown-hooks = off\n"
                + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                + "kemu.dispatchers.shared = ${akka.actor.default-dispatcher}\n";
    }

    /**
     * How many simulated CPUs {@code config} was prepared for by {@link #config(int)} (the lwkt
     * dispatchers present), after checking that this model's dispatchers exist; throws a clear
     * error naming the fix when they do not (someone set {@code kemu.thread-model} alone).
     */
    public int configuredCpus(Config config) {
        final String missing = switch (this) {
            case LWKT -> config.hasPath("kemu.dispatchers.cpu-0") ? null : "kemu.dispatchers.cpu-0";
            case PINNED -> config.hasPath("kemu.dispatchers.pinned") ? null : "kemu.dispatchers.pinned";
            default -> config.hasPath("kemu.dispatchers.shared") ? null : "kemu.dispatchers.shared";
        };
        if (missing != null) {
            throw new IllegalStateException("kemu.thread-model = " + configName() + " but " + missing
                    + " is not configured: create the ActorSystem with ThreadModel." + name() + ".config(cpus)"
                    + ".withFallback(ConfigFactory.load())");
        }
        int cpus = 1;
        while (this == LWKT && config.hasPath("kemu.dispatchers.cpu-" + cpus)) {
            cpus++;
        }
        return cpus;
    }

    /** The dispatcher for an actor bound to simulated CPU {@code cpu} (any int; taken modulo). */
    public DispatcherSelector selector(int cpu, int cpus) {
        return switch (this) {
            case LWKT -> DispatcherSelector.fromConfig("kemu.dispatchers.cpu-" + Math.floorMod(cpu, cpus));
            case PINNED -> DispatcherSelector.fromConfig("kemu.dispatchers.pinned");
            default -> DispatcherSelector.fromConfig("kemu.dispatchers.shared");
        };
    }
}
