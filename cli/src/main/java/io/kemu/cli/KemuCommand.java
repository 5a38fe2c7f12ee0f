package io.kemu.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kemu} command: the root of every subcommand. Each subcommand lives in its own class
 * and is registered here; exit codes are the subcommands' own (0 only on success).
 */
@Command(
        name = "kemu",
        mixinStandardHelpOptions = true,
        version = "kemu 0.1.0",
        description = "DragonFly BSD's VFS journal and HAMMER2 cluster, emulated on Akka Typed.",
        subcommands = {
            ConformanceCommand.class,
            SimulateCommand.class,
            TargetCommand.class,
            RecordCommand.class,
            JscanCommand.class,
            BenchCommand.class,
            ClusterCommand.class,
            NodeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class KemuCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the CLI tests. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new KemuCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
