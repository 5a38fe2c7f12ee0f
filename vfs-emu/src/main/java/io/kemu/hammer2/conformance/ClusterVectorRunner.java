package io.kemu.hammer2.conformance;

import io.kemu.conformance.ConformanceSummary;
import io.kemu.conformance.VectorOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replays a folder of cluster conformance vectors: every {@code NAME.in} is parsed, run through
 * kemu's cluster code ({@link ScenarioReplayer}) and its output compared line by line, exactly,
 * with {@code NAME.expect}. Used by the unit test and by {@code kemu conformance cluster DIR}.
 *
 * <p>A vector fails with the first differing line, or with {@code file:line: reason} when its
 * input is malformed; one bad vector never stops the run. Files above {@link #MAX_FILE_BYTES}
 * are refused rather than read.
 */
public final class ClusterVectorRunner {
    /** Largest .in or .expect file read (real vectors are under 2 KiB). */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private ClusterVectorRunner() {
    }

    /**
     * Runs every {@code *.in} directly in {@code dir}. Throws only when the folder itself cannot
     * be listed.
     */
    public static ConformanceSummary runFolder(Path dir) throws IOException {
        List<Path> inputs;
        try (Stream<Path> entries = Files.list(dir)) {
            inputs = entries.filter(p -> p.getFileName().toString().endsWith(".in"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        List<VectorOutcome> results = new ArrayList<>(inputs.size());
        for (Path in : inputs) {
            results.add(runVector(in));
        }
        return new ConformanceSummary(results);
    }

    /** Runs one vector, {@code NAME.in} with {@code NAME.expect} beside it. */
    public static VectorOutcome runVector(Path in) {
        String file = in.getFileName().toString();
        String name = file.substring(0, file.length() - ".in".length());
        Path expectPath = in.resolveSibling(name + ".expect");
        String inText;
        String expectText;
        try {
            inText = read(in);
        } catch (IOException e) {
            return VectorOutcome.fail(name, in + ":1: cannot read: " + e.getMessage());
        }
        try {
            expectText = read(expectPath);
        } catch (IOException e) {
            return VectorOutcome.fail(name, expectPath + ":1: cannot read: " + e.getMessage());
        }
        ClusterScenario scenario;
        try {
            scenario = ScenarioParser.parse(inText);
        } catch (ScenarioFormatException e) {
            return VectorOutcome.fail(name, e.describe(in.toString()));
        }
        final String difference = firstDifference(linesOf(expectText), ScenarioReplayer.replay(scenario));
        return difference == null ? VectorOutcome.pass(name) : VectorOutcome.fail(name, difference);
    }

    /** The first line where the output differs from the expectation, or null when they agree. */
    static String firstDifference(List<String> expected, List<String> actual) {
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return "line " + (i + 1) + ": expected \"" + expected.get(i) + "\", got \"" + actual.get(i) + "\"";
            }
        }
        if (expected.size() > common) {
            return "line " + (common + 1) + ": expected \"" + expected.get(common) + "\", got end of output";
        }
        if (actual.size() > common) {
            return "line " + (common + 1) + ": expected end of file, got \"" + actual.get(common) + "\"";
        }
        return null;
    }

    /** The lines of a file: split at LF, one final empty piece (the final newline) removed. */
    static List<String> linesOf(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static String read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(size + " bytes, more than the " + MAX_FILE_BYTES + " a vector file may have");
        }
        return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    }
}
