package io.kemu.cli;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.mirror.MirrorState;
import io.kemu.testkit.WorkDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The checks a command makes before it writes anything, so that nothing the user owns is
 * overwritten or mixed into: a journal FILE is absent (or, with {@code --force}, a regular file
 * kemu may overwrite) and its directory exists; a tree DIR is absent or empty; a mirror DIR is
 * absent or empty, or, with {@code --force}, kemu's own earlier mirror (it has its state directory
 * {@code .NAME.kemu-state} beside it), which is then emptied. Each refusal is a
 * {@link CliFailure#badInput} naming the option, the path and the way out.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** A journal file kemu is about to create (or, with {@code force}, overwrite). */
    static void checkNewFile(String option, Path file, boolean force) {
        if (Files.isDirectory(file)) {
            throw CliFailure.badInput(option + " " + Names.quote(file) + " refused", "it is a directory; give a file");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!force) {
                throw CliFailure.badInput(option + " " + Names.quote(file) + " refused",
                        "it already exists; give a new name, or --force to overwrite it");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw CliFailure.badInput(option + " " + Names.quote(file) + " refused",
                        "it is not a regular file; even --force overwrites only a regular file");
            }
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw CliFailure.badInput(option + " " + Names.quote(file) + " refused",
                    "its directory " + Names.quote(parent) + " does not exist");
        }
    }

    /** A directory kemu is about to fill: absent or empty (never emptied by kemu). */
    static void checkEmptyDirectory(String option, Path dir) {
        checkNotAFile(option, dir);
        if (!isEmptyOrAbsent(dir)) {
            throw CliFailure.badInput(option + " " + Names.quote(dir) + " refused",
                    "it is not empty; give an empty or new directory");
        }
    }

    /**
     * A mirror directory: absent or empty; with {@code force}, also kemu's own earlier mirror, whose
     * contents and state directory are then deleted (a mirror resumes from its state, so reusing it
     * would skip the new stream). A non-empty directory that is not kemu's mirror is always refused.
     */
    static void prepareMirrorDirectory(String option, Path dir, boolean force) throws IOException {
        final Path state = earlierMirrorState(option, dir);
        if (state == null) {
            return;
        }
        if (!force) {
            throw CliFailure.badInput(option + " " + Names.quote(dir) + " refused",
                    "it holds an earlier kemu mirror; give a new directory, or --force to replace that mirror");
        }
        WorkDirectories.deleteContents(dir);
        WorkDirectories.delete(state);
    }

    /**
     * A mirror directory a target keeps applying to across its runs: absent, empty, or kemu's own
     * mirror (which resumes from its state); never a non-empty directory of the user's.
     */
    static void checkResumableMirror(String option, Path dir) throws IOException {
        earlierMirrorState(option, dir);
    }

    /**
     * The state directory of kemu's own mirror in {@code dir}; null when {@code dir} is absent or
     * empty. Refuses a file, and a non-empty directory that is not a kemu mirror.
     */
    private static Path earlierMirrorState(String option, Path dir) throws IOException {
        checkNotAFile(option, dir);
        if (isEmptyOrAbsent(dir)) {
            return null;
        }
        final Path state = stateDirectory(dir);
        if (state == null || !Files.isDirectory(state, LinkOption.NOFOLLOW_LINKS)) {
            throw CliFailure.badInput(option + " " + Names.quote(dir) + " refused",
                    "it is not empty and not a kemu mirror; give an empty or new directory");
        }
        return state;
    }

    /** A file kemu appends to: a regular file or absent, in a directory that exists. */
    static void checkAppendableFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw CliFailure.badInput(option + " " + Names.quote(file) + " refused", "it is a directory; give a file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw CliFailure.badInput(option + " " + Names.quote(file) + " refused", "it is not a regular file");
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw CliFailure.badInput(option + " " + Names.quote(file) + " refused",
                    "its directory " + Names.quote(parent) + " does not exist");
        }
    }

    private static void checkNotAFile(String option, Path dir) {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw CliFailure.badInput(option + " " + Names.quote(dir) + " refused", "it exists and is not a directory");
        }
    }

    private static boolean isEmptyOrAbsent(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read " + Names.quote(dir), KemuCommand.oneLine(e.toString()));
        }
    }

    private static Path stateDirectory(Path dir) throws IOException {
        try {
            return MirrorState.defaultDirectory(dir.toRealPath());
        } catch (JournalScanException e) {
            return null;
        }
    }
}
