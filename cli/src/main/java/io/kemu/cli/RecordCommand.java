package io.kemu.cli;

import io.kemu.vfs.workload.JournalRecorder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kemu record}: runs a seeded workload on an emulated mount with one journal, writes the
 * journal stream to a file and the final tree to a directory (see {@link JournalRecorder}).
 * Exit status 0 on success, 1 when the journal or the tree cannot be written, 2 for bad arguments.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a seeded workload's journal stream to FILE and its final tree to DIR.")
public final class RecordCommand implements Callable<Integer> {
    @Option(names = "--ops", paramLabel = "N", defaultValue = "1000", description = "workload operations (default ${DEFAULT-VALUE})")
    int ops;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "workload seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--journal", paramLabel = "FILE", required = true, description = "where the journal stream goes")
    Path journal;

    @Option(names = "--tree", paramLabel = "DIR", required = true, description = "where the final tree goes (empty or absent)")
    Path tree;

    @Option(names = "--reversible", description = "install the journal with WANT_REVERSABLE (UNDO sections)")
    boolean reversible;

    @Option(names = "--portable", description = "only operations DragonFly's jscan can mirror")
    boolean portable;

    @Option(names = "--membufsize", paramLabel = "BYTES", defaultValue = "0",
            description = "journal FIFO size, clamped and rounded as mountctl does (default 1 MiB)")
    long membufsize;

    @Override
    public Integer call() {
        if (ops < 0 || membufsize < 0) {
            System.err.println("kemu record: --ops and --membufsize must not be negative");
            return 2;
        }
        final JournalRecorder.Options options = new JournalRecorder.Options(seed, ops, reversible, portable, membufsize);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(journal))) {
            final JournalRecorder.Result result = JournalRecorder.record(options, out, tree);
            System.out.println("recorded " + result.report());
            System.out.println("journal " + journal + ": " + result.journalBytes() + " bytes in " + result.writes()
                    + " writes");
            final var t = result.tree();
            System.out.println("tree " + tree + ": " + t.directories() + " directories, " + t.files() + " files, "
                    + t.hardLinks() + " hard links, " + t.symlinks() + " symlinks, " + t.specials()
                    + " fifo/socket/device placeholders, " + t.whiteouts() + " whiteouts");
            return 0;
        } catch (IOException e) {
            System.err.println("kemu record: " + e);
            return 1;
        }
    }
}
