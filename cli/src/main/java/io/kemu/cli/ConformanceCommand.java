package io.kemu.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kemu conformance KIND DIR}: replays a folder of conformance vectors. */
@Command(
        name = "conformance",
        mixinStandardHelpOptions = true,
        description = "Replay conformance vectors made by the kernel's own code.",
        subcommands = {ConformanceFifoCommand.class, ConformanceClusterCommand.class})
public final class ConformanceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
