package io.kemu.cli;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.Transids;
import io.kemu.journal.scan.mirror.MirrorReport;
import io.kemu.journal.scan.mirror.Undo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code kemu jscan undo --root DIR --to-transid T FILE}: reverses, newest first, every transaction
 * of a reversible journal that the mirror applied after transid T (jscan -u).
 */
@Command(name = "undo", mixinStandardHelpOptions = true,
        description = {"Return a mirror to an earlier transid using the UNDO sections of a reversible journal"
                + " (like jscan -u).",
            "Exit status: 0 clean, 1 if some operation could not be undone or the stream was corrupt, 2 if nothing"
                + " could be done."})
public final class JscanUndoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JscanMirrorOptions options = new JscanMirrorOptions();

    @Option(names = "--to-transid", required = true, paramLabel = "T", converter = TransidConverter.class,
            description = {"Undo every transaction that ended after T: 16 hex digits as dump prints them,"
                + " 0x-prefixed hex, or decimal; unsigned 64-bit. A T at or past the journal's end undoes nothing."})
    long toTransid;

    @Parameters(index = "0", paramLabel = "FILE", description = "The stream file (it is read twice).")
    Path file;

    @Override
    public Integer call() {
        try {
            MirrorReport report = Undo.apply(file, options.root, toTransid, options.toOptions());
            return JscanMirrorOptions.report("undo", report, spec.commandLine().getOut(), spec.commandLine().getErr());
        } catch (JournalScanException e) {
            throw JscanMirrorOptions.fatal("undo", e);
        }
    }

    /** Parses a transid in any form kemu prints one ({@link Transids#parse}). */
    static final class TransidConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Transids.parse(value);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
