package io.kemu.testkit.deterministic;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.dispatch.deterministic.DeterministicRun;
import io.kemu.testkit.simulation.Simulation;
import io.kemu.testkit.simulation.SimulationOptions;
import io.kemu.testkit.simulation.SimulationReport;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The seed of one test run under {@link KemuSeedExtension}: {@code -Dkemu.seed=N} when given, a
 * fresh random one otherwise; printed when the test fails, so the failing run can be replayed
 * exactly with {@code -Dkemu.seed=N}. {@link #run} runs an actor system under the deterministic
 * thread model with this seed; {@link #simulate} runs the journal simulation so.
 */
public record KemuSeed(long value) {
    /** The most virtual time {@link #run} lets a system take before it counts as stalled. */
    public static final Duration VIRTUAL_LIMIT = Duration.ofHours(24);

    /**
     * Runs the system {@code start} creates (over the given configuration, calling its second
     * argument with the result) deterministically on the calling thread with this seed and
     * {@code cpus} simulated CPUs, until the result arrives, then shuts it down.
     */
    public <T> DeterministicRun.Outcome<T> run(int cpus, BiFunction<Config, Consumer<T>, ActorSystem<?>> start) {
        return DeterministicRun.run(value, cpus, ConfigFactory.load(), null, VIRTUAL_LIMIT, start);
    }

    /**
     * Runs the journal simulation ({@code kemu simulate}'s driver: {@code options.cpus()} simulated CPUs
     * issuing VOPs against {@code options.mounts()} kemu mounts, their journals to kemu's targets or
     * the user's own) under the deterministic thread model on the calling thread, seeded with this
     * seed (workload and interleaving), whatever seed and thread model {@code options} name. The
     * outcome holds the report (null when the run could not finish; {@code verified()}), the trace
     * digest, and the failure of the run as a whole (it went quiet, or work came from another thread).
     * The same options and seed give the same outcome, wall-clock figures aside.
     */
    public DeterministicRun.Outcome<SimulationReport> simulate(SimulationOptions options) throws IOException {
        return Simulation.runDeterministic(options.withThreadModel(ThreadModel.DETERMINISTIC).withSeed(value), null,
                progress -> { });
    }

    @Override
    public String toString() {
        return "kemu.seed=" + value;
    }
}
