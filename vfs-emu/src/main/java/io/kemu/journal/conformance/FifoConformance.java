package io.kemu.journal.conformance;

import io.kemu.conformance.ConformanceSummary;
import io.kemu.conformance.VectorOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks a folder of FIFO vectors ({@code NAME.script}, {@code NAME.expect}, {@code NAME.stream}):
 * every script is replayed and its result lines and stream bytes compared exactly with the
 * expectations. Follows the format, not particular files: any folder laid out this way works.
 */
public final class FifoConformance {
    /** Scripts larger than this are refused rather than read (a vector is a few KiB). */
    private static final long MAX_INPUT_BYTES = 64L * 1024 * 1024;

    private FifoConformance() {
    }

    /** Replays every {@code *.script} in {@code dir}, in name order. */
    public static ConformanceSummary checkDirectory(Path dir) throws IOException {
        final List<Path> scripts;
        try (Stream<Path> files = Files.list(dir)) {
            scripts = files.filter(p -> p.getFileName().toString().endsWith(".script")).sorted().toList();
        }
        final List<VectorOutcome> outcomes = new ArrayList<>();
        for (Path script : scripts) {
            outcomes.add(check(script));
        }
        return new ConformanceSummary(outcomes);
    }

    /** Replays one script and compares it with its {@code .expect} and {@code .stream} siblings. */
    public static VectorOutcome check(Path script) {
        final String file = script.getFileName().toString();
        final String name = file.substring(0, file.length() - ".script".length());
        final Path expectFile = script.resolveSibling(name + ".expect");
        final Path streamFile = script.resolveSibling(name + ".stream");
        try {
            if (!Files.exists(expectFile) || !Files.exists(streamFile)) {
                return VectorOutcome.fail(name, "missing " + (Files.exists(expectFile) ? streamFile : expectFile).getFileName());
            }
            final FifoScriptReplayer.Replay replay = FifoScriptReplayer.replay(file, readLines(script));
            final String lineDifference = firstLineDifference(replay.lines(), readLines(expectFile));
            if (lineDifference != null) {
                return VectorOutcome.fail(name, lineDifference);
            }
            final String byteDifference = firstByteDifference(replay.stream(), readBytes(streamFile));
            return byteDifference == null ? VectorOutcome.pass(name) : VectorOutcome.fail(name, byteDifference);
        } catch (MalformedVectorException e) {
            return VectorOutcome.fail(name, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return VectorOutcome.fail(name, "cannot read: " + e.getMessage());
        }
    }

    static String firstLineDifference(List<String> actual, List<String> expected) {
        final int common = Math.min(actual.size(), expected.size());
        for (int i = 0; i < common; i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                return "line " + (i + 1) + ": expected '" + expected.get(i) + "' got '" + actual.get(i) + "'";
            }
        }
        if (actual.size() != expected.size()) {
            return "line " + (common + 1) + ": expected "
                    + (common < expected.size() ? "'" + expected.get(common) + "'" : "end of output")
                    + " got " + (common < actual.size() ? "'" + actual.get(common) + "'" : "end of output");
        }
        return null;
    }

    static String firstByteDifference(byte[] actual, byte[] expected) {
        final int common = Math.min(actual.length, expected.length);
        for (int i = 0; i < common; i++) {
            if (actual[i] != expected[i]) {
                return String.format("stream byte %d: expected 0x%02x got 0x%02x", i, expected[i] & 0xFF, actual[i] & 0xFF);
            }
        }
        if (actual.length != expected.length) {
            return "stream length: expected " + expected.length + " bytes got " + actual.length;
        }
        return null;
    }

    private static List<String> readLines(Path file) throws IOException {
        checkSize(file);
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path file) throws IOException {
        checkSize(file);
        return Files.readAllBytes(file);
    }

    private static void checkSize(Path file) throws IOException {
        if (Files.size(file) > MAX_INPUT_BYTES) {
            throw new IOException(file.getFileName() + " is larger than " + MAX_INPUT_BYTES + " bytes");
        }
    }
}
