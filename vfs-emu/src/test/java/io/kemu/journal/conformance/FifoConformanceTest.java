package io.kemu.journal.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.conformance.VectorOutcome;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class FifoConformanceTest {
    static Path vectorDir() throws URISyntaxException {
        return Path.of(FifoConformanceTest.class.getResource("/vectors/fifo").toURI());
    }

    @TestFactory
    Stream<DynamicTest> everyKernelVectorReplaysExactly() throws Exception {
        final List<VectorOutcome> outcomes = FifoConformance.checkDirectory(vectorDir()).outcomes();
        assertThat(outcomes).hasSize(40);
        return outcomes.stream().map(o -> DynamicTest.dynamicTest(o.name(),
                () -> assertThat(o.passed()).as(o.firstDifference()).isTrue()));
    }

    private static Path copyVector(Path tmp, String name) throws Exception {
        for (String ext : List.of(".script", ".expect", ".stream")) {
            Files.copy(vectorDir().resolve(name + ext), tmp.resolve(name + ext));
        }
        return tmp.resolve(name + ".script");
    }

    @Test
    void shouldReportTheFirstDifferingLineOfAnEditedExpectation(@TempDir Path tmp) throws Exception {
        final Path script = copyVector(tmp, "wrap_pad");
        final Path expect = tmp.resolve("wrap_pad.expect");
        final List<String> lines = Files.readAllLines(expect);
        lines.set(4, lines.get(4).replace("stalls=", "stalls=7"));
        Files.write(expect, lines);
        final VectorOutcome outcome = FifoConformance.check(script);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.firstDifference()).startsWith("line 5: expected");
    }

    @Test
    void shouldReportTheFirstDifferingStreamByte(@TempDir Path tmp) throws Exception {
        final Path script = copyVector(tmp, "wrap_pad_written");
        final Path stream = tmp.resolve("wrap_pad_written.stream");
        final byte[] bytes = Files.readAllBytes(stream);
        bytes[100] ^= 0x5A;
        Files.write(stream, bytes);
        assertThat(FifoConformance.check(script).firstDifference()).startsWith("stream byte 100:");
    }

    @Test
    void shouldReportATruncatedStreamByLength(@TempDir Path tmp) throws Exception {
        final Path script = copyVector(tmp, "wrap_pad_written");
        final Path stream = tmp.resolve("wrap_pad_written.stream");
        final byte[] bytes = Files.readAllBytes(stream);
        Files.write(stream, java.util.Arrays.copyOf(bytes, bytes.length - 16));
        assertThat(FifoConformance.check(script).firstDifference())
                .isEqualTo("stream length: expected " + (bytes.length - 16) + " bytes got " + bytes.length);
    }

    private static String malformedReason(Path tmp, String... scriptLines) throws IOException {
        final Path script = tmp.resolve("bad.script");
        Files.write(script, List.of(scriptLines));
        Files.writeString(tmp.resolve("bad.expect"), "");
        Files.writeString(tmp.resolve("bad.stream"), "");
        final VectorOutcome outcome = FifoConformance.check(script);
        assertThat(outcome.passed()).isFalse();
        return outcome.firstDifference();
    }

    @Test
    void shouldRejectMalformedScriptsWithFileAndLine(@TempDir Path tmp) throws IOException {
        assertThat(malformedReason(tmp, "fifo 128 1 0 0", "# comment", "explode 1"))
                .isEqualTo("bad.script:3: unknown operation 'explode'");
        assertThat(malformedReason(tmp, "fifo 100 1 0 0"))
                .isEqualTo("bad.script:1: ring size 100 is not a power of two in 64..16777216");
        assertThat(malformedReason(tmp, "fifo 128 1 0 0", "reserve 0 0x10g 8"))
                .isEqualTo("bad.script:2: bad number '0x10g'");
        assertThat(malformedReason(tmp, "fifo 128 1 0 0", "commit 3 -1 1"))
                .isEqualTo("bad.script:2: slot 3 is not reserved (no raw transaction)");
        assertThat(malformedReason(tmp, "reserve 0 256 8"))
                .isEqualTo("bad.script:1: first operation must be 'fifo', got 'reserve'");
        assertThat(malformedReason(tmp, "fifo 128 1 0 0", "ack 5"))
                .isEqualTo("bad.script:2: ack needs a full-duplex fifo");
        assertThat(malformedReason(tmp, "fifo 128 1 0 0", "reserve 64 256 8"))
                .isEqualTo("bad.script:2: slot 64 out of range 0..63");
    }

    @Test
    void shouldFailAVectorWhoseExpectationIsMissing(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("lonely.script"), "fifo 128 1 0 0\n");
        assertThat(FifoConformance.check(tmp.resolve("lonely.script")).firstDifference())
                .isEqualTo("missing lonely.expect");
    }
}
