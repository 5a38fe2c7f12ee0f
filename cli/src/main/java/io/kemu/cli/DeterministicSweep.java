package io.kemu.cli;

import io.kemu.actors.dispatch.deterministic.DeterministicRun;
import io.kemu.actors.dispatch.deterministic.SeedRange;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code --thread-model deterministic} part of {@code kemu cluster} and {@code kemu simulate}:
 * runs one seed or a sweep ({@code --seeds A..B}), each a {@link DeterministicRun}; prints each
 * run's report and its {@code trace sha256} line (one seed), or one line per seed and the reports of
 * the failing ones (a sweep), then which seeds failed. {@code --trace FILE} gets every run's trace,
 * each after a {@code # seed N} line; the file must not exist (kemu never overwrites a user's file).
 */
final class DeterministicSweep<R> {
    /** One seed's run, given the seed and the sink of its trace lines (null: none). */
    interface SeedRun<R> {
        DeterministicRun.Outcome<R> run(long seed, Consumer<String> traceSink);
    }

    private final Predicate<R> passed;
    private final Function<R, List<String>> lines;

    DeterministicSweep(Predicate<R> passed, Function<R, List<String>> lines) {
        this.passed = passed;
        this.lines = lines;
    }

    /** Runs {@code seeds} (or the single {@code seed} when null); returns the exit status. */
    int run(String seeds, long seed, Path traceFile, PrintWriter out, SeedRun<R> run) {
        final SeedRange range;
        try {
            range = seeds == null ? new SeedRange(seed, seed) : SeedRange.parse(seeds);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("options refused", e.getMessage());
        }
        try (BufferedWriter trace = traceFile == null ? null : open(traceFile)) {
            final List<Long> failed = new ArrayList<>();
            for (long s = range.first(); ; s++) {
                if (trace != null) {
                    writeLine(trace, "# seed " + s);
                }
                final DeterministicRun.Outcome<R> outcome = run.run(s, trace == null ? null : line -> writeLine(trace, line));
                final boolean ok = outcome.failure() == null && outcome.result() != null && passed.test(outcome.result());
                if (!ok) {
                    failed.add(s);
                }
                if (range.count() == 1 || !ok) {
                    if (outcome.result() != null) {
                        lines.apply(outcome.result()).forEach(out::println);
                    }
                    if (outcome.failure() != null) {
                        out.println("run failed: " + outcome.failure());
                    }
                }
                out.println((range.count() == 1 ? "" : "seed " + s + (ok ? " passed " : " FAILED ")) + outcome.traceLine());
                out.flush();
                if (s == range.last()) {
                    break;
                }
            }
            if (range.count() > 1) {
                out.println("seeds " + range.first() + ".." + range.last() + ": " + (range.count() - failed.size())
                        + " passed, " + failed.size() + " failed" + (failed.isEmpty() ? "" : " " + failed));
            }
            out.flush();
            return failed.isEmpty() ? ExitStatus.OK : ExitStatus.FAILED;
        } catch (IOException | UncheckedIOException e) {
            throw CliFailure.runtime("--trace " + traceFile + " could not be written", e.getMessage(), e);
        }
    }

    private static BufferedWriter open(Path traceFile) {
        try {
            return Files.newBufferedWriter(traceFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw CliFailure.badInput("--trace " + traceFile + " refused", "the file exists; kemu does not overwrite it");
        } catch (IOException e) {
            throw CliFailure.badInput("--trace " + traceFile + " refused", e.getMessage());
        }
    }

    private static void writeLine(BufferedWriter trace, String line) {
        try {
            trace.write(line);
            trace.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
