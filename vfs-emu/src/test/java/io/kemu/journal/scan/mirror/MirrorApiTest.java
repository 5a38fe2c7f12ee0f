package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ResumePoint;
import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mirror's entry points (issue 16, mutation testing): opening a root, the ways to feed it, its
 * positions and counters, what it refuses, and how it reports a read error part-way.
 */
class MirrorApiTest {
    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void setUp() {
        root = dir.resolve("mirror");
    }

    @Test
    void shouldCreateTheRootAndReportItsAppliedPosition() throws Exception {
        assertThat(Mirror.appliedPosition(root, MirrorOptions.DEFAULT)).isEqualTo(ResumePoint.START);
        StreamWriter w = new StreamWriter(100);
        w.single(Vops.mkdir("a", 0755));
        w.record(StreamId.BEGIN | 0x101, Vops.create("b", 0644));
        byte[] all = w.toBytes();
        try (Mirror m = Mirror.open(root.resolve("deeper"), MirrorOptions.DEFAULT)) {
            assertThat(m.needs(1)).isTrue();
            m.feed(all, 0, all.length);
            assertThat(m.completedThrough()).isEqualTo(101);
            assertThat(m.needs(101)).isFalse();
            assertThat(m.needs(102)).isTrue();
            assertThat(m.needs(-1L)).isTrue();
            assertThat(m.resumePoint()).isEqualTo(new ResumePoint(101, List.of()));
            MirrorReport r = m.report();
            assertThat(r.records()).isEqualTo(2);
            assertThat(r.bytes()).isEqualTo(all.length);
            assertThat(r.applied()).isEqualTo(1);
            assertThat(r.newestTransid()).isEqualTo(102);
            assertThat(r.completedThrough()).isEqualTo(101);
        }
        assertThat(root.resolve("deeper/a")).isDirectory();
        assertThat(Mirror.appliedPosition(root.resolve("deeper"), MirrorOptions.DEFAULT))
                .isEqualTo(new ResumePoint(101, List.of()));
        assertThat(Mirror.appliedPosition(root.resolve("nothing"), MirrorOptions.DEFAULT)).isEqualTo(ResumePoint.START);
    }

    @Test
    void shouldRefuseInputAfterFinishAndARootItCannotUse() throws Exception {
        Mirror m = Mirror.open(root, MirrorOptions.DEFAULT);
        MirrorReport r = m.finish();
        assertThat(r.clean()).isTrue();
        assertThatThrownBy(() -> m.feed(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("mirror input already finished");
        assertThatThrownBy(() -> m.feed(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(m::finish).isInstanceOf(IllegalStateException.class);
        m.close();

        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> Mirror.open(file, MirrorOptions.DEFAULT)).isInstanceOf(JournalScanException.class)
                .hasMessage("IO: mirror root " + file + " is not a directory");
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("mine"), "keep");
        assertThatThrownBy(() -> Mirror.open(foreign, MirrorOptions.DEFAULT)).isInstanceOf(JournalScanException.class)
                .hasMessageStartingWith("IO: mirror root " + foreign + " is not empty and is not a kemu mirror");
        assertThat(dir.resolve(".foreign.kemu-state")).doesNotExist();
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.writeString(state.resolve("notes"), "mine");
        assertThatThrownBy(() -> Mirror.open(dir.resolve("fresh"), MirrorOptions.DEFAULT.withStateDirectory(state)))
                .isInstanceOf(JournalScanException.class).hasMessageContaining("is not empty and holds no kemu mirror state");
        assertThatThrownBy(() -> Mirror.apply(dir.resolve("no-stream"), root, MirrorOptions.DEFAULT))
                .isInstanceOf(JournalScanException.class).hasMessageStartingWith("IO: cannot read " + dir.resolve("no-stream"));
        assertThat(Mirror.appliedPosition(file, MirrorOptions.DEFAULT)).isEqualTo(ResumePoint.START);
    }

    @Test
    void shouldReopenAMirrorWithStateAndSkipWhatItApplied() throws Exception {
        StreamWriter w = new StreamWriter(100);
        w.single(Vops.mkdir("a", 0755));
        w.single(Vops.create("a/f", 0644));
        Path stream = Files.write(dir.resolve("stream"), w.toBytes());
        MirrorReport first = Mirror.apply(stream, root, MirrorOptions.DEFAULT);
        assertThat(first.applied()).isEqualTo(2);
        MirrorReport again = Mirror.apply(stream, root, MirrorOptions.DEFAULT);
        assertThat(again.clean()).isTrue();
        assertThat(again.applied()).isZero();
        assertThat(again.duplicateRecords()).isEqualTo(2);
        assertThat(again.completedThrough()).isEqualTo(102);
    }

    @Test
    void shouldApplyWhatWasReadBeforeAReadErrorAndReportWhere() throws Exception {
        StreamWriter w = new StreamWriter(100);
        w.single(Vops.mkdir("a", 0755));
        w.single(Vops.mkdir("b", 0755));
        byte[] all = w.toBytes();
        int cut = all.length - 8;
        InputStream failing = new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(all, 0, cut);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };
        MirrorReport r = Mirror.apply(failing, root, MirrorOptions.DEFAULT);
        assertThat(root.resolve("a")).isDirectory();
        assertThat(root.resolve("b")).doesNotExist();
        assertThat(r.applied()).isEqualTo(1);
        assertThat(r.problems()).extracting(p -> p.kind() + " " + p.offset()).containsExactly(
                "IO " + cut, "TRUNCATED " + (all.length / 2));
        assertThat(r.problems().get(0).message()).isEqualTo("reading the stream failed: java.io.IOException:"
                + " connection reset");
    }

    @Test
    void shouldNameOffsetsFromTheStartOffsetAndCountEveryKindOfTransaction() throws Exception {
        StreamWriter w = new StreamWriter(100);
        w.record(StreamId.BEGIN | StreamId.END | StreamId.DISCONT, Vops.associate());
        w.record(StreamId.BEGIN | StreamId.END | StreamId.ABORTED | 0x100, Vops.mkdir("x", 0755));
        w.single(Vops.rmdir("missing-parent/d", null));
        w.single(Vops.mkdir("ok", 0755));
        byte[] all = w.toBytes();
        try (Mirror m = Mirror.open(root, MirrorOptions.DEFAULT, 1_000_000)) {
            m.feed(ByteBuffer.wrap(all));
            MirrorReport r = m.finish();
            assertThat(r.control()).isEqualTo(1);
            assertThat(r.aborted()).isEqualTo(1);
            assertThat(r.rejected()).isEqualTo(1);
            assertThat(r.applied()).isEqualTo(1);
            assertThat(r.problems()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(ProblemKind.FAILED);
                assertThat(p.offset()).isGreaterThan(1_000_000).isLessThan(1_000_000 + all.length);
                assertThat(p.transid()).hasValue(104);
                assertThat(p.message()).isEqualTo("stream 0x0100 RMDIR: PATH1 'missing-parent/d': parent directory"
                        + " 'missing-parent' does not exist");
            });
            assertThat(r.bytes()).isEqualTo(1_000_000 + all.length);
        }
        assertThat(root.resolve("x")).doesNotExist();
        assertThat(root.resolve("ok")).isDirectory();
        assertThat(Files.readString(dir.resolve(".mirror.kemu-state/rejected"))).startsWith("0000000000000068 FAILED");
    }
}
