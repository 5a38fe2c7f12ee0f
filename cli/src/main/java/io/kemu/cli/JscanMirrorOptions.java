package io.kemu.cli;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.scan.mirror.MirrorReport;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Options and reporting shared by {@code jscan mirror} and {@code jscan undo}. */
final class JscanMirrorOptions {
    @Option(names = "--root", required = true, paramLabel = "DIR",
            description = "The mirror directory (mirror creates it when absent). It holds only the mirrored tree"
                    + " and its node manifest DIR/.kemu/nodes. A directory that is not empty and has no mirror state"
                    + " is refused: a mirror never overwrites files it did not create.")
    Path root;

    @Option(names = "--state", paramLabel = "STATEDIR",
            description = "Where the restart state (transid, rejected) lives; outside DIR. Default: the sibling"
                    + " directory .NAME.kemu-state beside DIR (NAME being DIR's name).")
    Path state;

    @Option(names = "--fsync", description = "Force data and state to disk after every transaction.")
    boolean fsync;

    @Option(names = "--no-owner", description = "Do not apply UID/GID (lchown).")
    boolean noOwner;

    @Option(names = "--allow-outward-symlinks",
            description = "Create symlinks that could lead out of the root: an absolute target, more leading '..' than"
                    + " the link is deep, or a '..' after a name (through a symlink it may climb out); renames and hard"
                    + " links are checked the same way. Off: such records are refused. kemu never follows a symlink.")
    boolean allowOutwardSymlinks;

    MirrorOptions toOptions() {
        return MirrorOptions.DEFAULT.withFsync(fsync).withApplyOwnership(!noOwner)
                .withAllowOutwardSymlinks(allowOutwardSymlinks).withStateDirectory(state);
    }

    /** Prints the report (problems and warnings to {@code err}, the summary to {@code out}); returns the exit code. */
    static int report(String command, MirrorReport report, PrintWriter out, PrintWriter err) {
        for (ScanProblem p : report.problems()) {
            err.println("kemu jscan " + command + ": " + p);
        }
        if (report.problemCount() > report.problems().size()) {
            err.println("kemu jscan " + command + ": ... and " + (report.problemCount() - report.problems().size())
                    + " more problems");
        }
        for (String w : report.warnings()) {
            err.println("kemu jscan " + command + ": warning: " + w);
        }
        out.println(report.summary());
        out.flush();
        err.flush();
        return report.clean() ? JscanCommand.EXIT_CLEAN : JscanCommand.EXIT_PROBLEMS;
    }

    /** The one line a scan that cannot go on ends with (exit 2): what was done stays done. */
    static CliFailure fatal(String command, JournalScanException e) {
        return CliFailure.badInput("cannot " + command, KemuCommand.oneLine(e.getMessage()));
    }
}
