package io.kemu.cli;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.mirror.Mirror;
import io.kemu.journal.scan.mirror.MirrorReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code kemu jscan mirror --root DIR [--state STATEDIR] FILE}: applies a journal stream to a directory
 * (jscan -m), creating it when absent, and resuming from the transid recorded in the state directory
 * (by default {@code .NAME.kemu-state} beside DIR), which is kept out of the mirrored tree.
 */
@Command(name = "mirror", mixinStandardHelpOptions = true,
        description = {"Apply a journal stream to a directory, every VOP type included (like jscan -m).",
            "Restartable: STATEDIR/transid records how far it got; duplicates are skipped.",
            "Exit status: 0 clean, 1 if a record was refused or the stream was corrupt (the rest still applied),"
                + " 2 if nothing could be done."})
public final class JscanMirrorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JscanMirrorOptions options = new JscanMirrorOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The stream file, or - for standard input.")
    String file;

    @Override
    public Integer call() {
        try {
            MirrorReport report = file.equals("-")
                    ? Mirror.apply(System.in, options.root, options.toOptions())
                    : Mirror.apply(Path.of(file), options.root, options.toOptions());
            return JscanMirrorOptions.report("mirror", report, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        } catch (JournalScanException e) {
            throw JscanMirrorOptions.fatal("mirror", e);
        }
    }
}
