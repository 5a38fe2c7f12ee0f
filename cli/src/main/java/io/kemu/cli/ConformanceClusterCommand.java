package io.kemu.cli;

import io.kemu.conformance.ConformanceSummary;
import io.kemu.hammer2.conformance.ClusterVectorRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kemu conformance cluster DIR}: replays every {@code *.in} HAMMER2 cluster vector in DIR
 * against kemu's cluster code, prints one line per failing vector (its name and the first
 * differing line, or {@code file:line: reason} for malformed input) and the closing line
 * {@code N passed, M failed}. Exit status 0 only when nothing failed; 2 when DIR cannot be read.
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "Replay HAMMER2 cluster vectors (every *.in with its .expect in DIR).")
public final class ConformanceClusterCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of NAME.in / NAME.expect pairs.")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(dir)) {
            throw CliFailure.badInput(Names.quote(dir) + " refused", "it is not a directory");
        }
        ConformanceSummary report;
        try {
            report = ClusterVectorRunner.runFolder(dir);
        } catch (IOException e) {
            throw CliFailure.badInput("cannot list " + Names.quote(dir), KemuCommand.oneLine(String.valueOf(e.getMessage())));
        }
        return ConformanceReport.print(report, out);
    }
}
