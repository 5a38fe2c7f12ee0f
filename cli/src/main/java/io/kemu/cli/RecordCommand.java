package io.kemu.cli;

import io.kemu.vfs.workload.JournalRecorder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kemu record}: runs a seeded workload on an emulated mount with one journal, writes the
 * journal stream to a file and the final tree to a directory (see {@link JournalRecorder}). Checks
 * everything before it writes anything: FILE must not exist (unless {@code --force}), DIR must be
 * absent or empty. Exit status as {@link ExitStatus}: 0 done, 2 bad options or paths, 3 I/O failure.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a seeded workload's journal stream to FILE and its final tree to DIR.")
public final class RecordCommand implements Callable<Integer> {
    /** More operations than this would only grow the emulated mount in memory for a long time. */
    static final int MAX_OPS = 10_000_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "1000",
            description = "workload operations, 1.." + MAX_OPS + " (default ${DEFAULT-VALUE})")
    int ops;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "workload seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--journal", paramLabel = "FILE", required = true,
            description = "where the journal stream goes (a new file, or an existing one with --force)")
    Path journal;

    @Option(names = "--tree", paramLabel = "DIR", required = true, description = "where the final tree goes (empty or absent)")
    Path tree;

    @Option(names = "--force", description = "overwrite an existing journal FILE (never a non-empty DIR)")
    boolean force;

    @Option(names = "--reversible", description = "install the journal with WANT_REVERSABLE (UNDO sections)")
    boolean reversible;

    @Option(names = "--portable", description = "only operations DragonFly's jscan can mirror")
    boolean portable;

    @Option(names = "--membufsize", paramLabel = "BYTES", converter = ByteSize.class,
            description = "journal FIFO size (e.g. 256k), clamped and rounded as mountctl does (default 1 MiB)")
    Long membufsize;

    @Override
    public Integer call() throws IOException {
        if (ops < 1 || ops > MAX_OPS) {
            throw CliFailure.badInput("--ops " + ops + " refused", "give 1.." + MAX_OPS);
        }
        if (membufsize != null && membufsize < 1) {
            throw CliFailure.badInput("--membufsize " + membufsize + " refused", "give a positive size like 256k");
        }
        OutputPaths.checkNewFile("--journal", journal, force);
        OutputPaths.checkEmptyDirectory("--tree", tree);
        final JournalRecorder.Options options = new JournalRecorder.Options(seed, ops, reversible, portable,
                membufsize == null ? 0 : membufsize);
        final PrintWriter out = spec.commandLine().getOut();
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(journal))) {
            final JournalRecorder.Result result = JournalRecorder.record(options, stream, tree);
            out.println("recorded " + result.report());
            out.println("journal " + journal + ": " + result.journalBytes() + " bytes in " + result.writes()
                    + " writes");
            final var t = result.tree();
            out.println("tree " + tree + ": " + t.directories() + " directories, " + t.files() + " files, "
                    + t.hardLinks() + " hard links, " + t.symlinks() + " symlinks, " + t.specials()
                    + " fifo/socket/device placeholders, " + t.whiteouts() + " whiteouts");
            out.flush();
            return ExitStatus.OK;
        }
    }
}
