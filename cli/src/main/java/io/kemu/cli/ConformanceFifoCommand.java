package io.kemu.cli;

import io.kemu.journal.conformance.FifoConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kemu conformance fifo DIR}: replays every {@code *.script} FIFO vector in DIR. */
@Command(name = "fifo", mixinStandardHelpOptions = true,
        description = "Replay journal FIFO vectors (*.script, *.expect, *.stream) and compare exactly.")
public final class ConformanceFifoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "folder of vectors in the vectors/fifo format")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw CliFailure.badInput(Names.quote(dir) + " refused", "it is not a directory");
        }
        return ConformanceReport.print(FifoConformance.checkDirectory(dir), spec.commandLine().getOut());
    }
}
