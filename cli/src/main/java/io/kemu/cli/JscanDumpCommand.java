package io.kemu.cli;

import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.dump.JournalDump;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kemu jscan dump FILE}: a readable listing of every transaction and sub-record (jscan -d). */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "List every transaction and sub-record of a journal stream (like jscan -d).")
public final class JscanDumpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The stream file, or - for standard input.")
    String file;

    @Option(names = "--data-limit", paramLabel = "N", defaultValue = "" + JournalDump.DEFAULT_DATA_LIMIT,
            description = "Bytes of binary data shown per leaf (default ${DEFAULT-VALUE}).")
    int dataLimit;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut()));
        List<ScanProblem> problems;
        try {
            if (file.equals("-")) {
                problems = JournalDump.dump(System.in, out, Math.max(0, dataLimit));
            } else {
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    problems = JournalDump.dump(in, out, Math.max(0, dataLimit));
                }
            }
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read " + Names.quote(file), KemuCommand.oneLine(e.toString()));
        }
        out.flush();
        for (ScanProblem p : problems) {
            err.println("kemu jscan dump: " + p);
        }
        err.flush();
        return problems.isEmpty() ? JscanCommand.EXIT_CLEAN : JscanCommand.EXIT_PROBLEMS;
    }
}
