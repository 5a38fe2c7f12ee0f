package io.kemu.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kemu bench KIND}: measurements that print a table (the JMH benchmarks live in module bench). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure kemu: the same workload under every thread model, with a chart.",
        subcommands = {BenchThreadModelsCommand.class, BenchSimulateCommand.class, BenchHostileCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
