package io.kemu.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of a deterministic run that {@code kemu simulate} and {@code kemu cluster} share (a
 * picocli mixin): a sweep of seeds and the trace file, both handed to {@link DeterministicSweep}.
 * Each command decides what it refuses without the deterministic thread model.
 */
final class SweepOptions {
    @Option(names = "--seeds", description = "With --thread-model deterministic: run every seed FIRST..LAST, print each "
            + "failing one, exit 1 if any failed.")
    String seeds;

    @Option(names = "--trace", description = "With --thread-model deterministic: write the (virtual time, receiver, "
            + "message type) sequence to this new file.")
    Path trace;

    /** True when either option was given. */
    boolean given() {
        return seeds != null || trace != null;
    }
}
