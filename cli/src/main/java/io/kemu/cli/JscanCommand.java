package io.kemu.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kemu jscan dump|mirror|undo}: DragonFly's jscan(8), for kemu's journal streams. */
@Command(
        name = "jscan",
        mixinStandardHelpOptions = true,
        description = "Read a journal stream: dump it, mirror it into a directory, or undo a mirror.",
        subcommands = {
            JscanDumpCommand.class,
            JscanMirrorCommand.class,
            JscanUndoCommand.class
        })
public final class JscanCommand implements Runnable {
    /** Everything valid was processed and nothing was refused or corrupt. */
    static final int EXIT_CLEAN = ExitStatus.OK;
    /**
     * Some record was refused or the stream was corrupt; everything valid still applied. (Input that
     * cannot be used at all, an unusable mirror root or state, is a {@link CliFailure}: exit 2.)
     */
    static final int EXIT_PROBLEMS = ExitStatus.FAILED;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
