package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.TreeSnapshot;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Restarting a mirror from its recorded state, with duplicates ignored, in one run and across runs. */
class MirrorRestartTest {
    @TempDir
    Path dir;
    Path root;
    byte[] stream;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(dir.resolve("mirror"));
        stream = workload();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A workload whose re-application would show: renames, appends at growing offsets, interleaving. */
    private static byte[] workload() {
        StreamWriter w = new StreamWriter(1_000_000);
        w.single(Vops.mkdir("d", 0755));
        w.single(Vops.create("d/log", 0644));
        long offset = 0;
        for (int i = 0; i < 20; i++) {
            byte[] line = utf8("line " + i + "\n");
            byte[] write = Vops.write("d/log", offset, null, line);
            if (i % 4 == 1) {
                byte[] other = Vops.create("d/f" + i, 0600);
                w.record(StreamId.BEGIN | 0x101, Arrays.copyOfRange(other, 0, 24));
                w.single(write);
                w.pad(16);
                w.record(StreamId.END | 0x101, Arrays.copyOfRange(other, 24, other.length));
            } else {
                w.single(write);
            }
            offset += line.length;
            if (i % 5 == 4) {
                w.single(Vops.rename("d/log", "d/log" + i, null));
                w.single(Vops.rename("d/log" + i, "d/log", null));
            }
        }
        w.single(Vops.rename("d", "e", null));
        return w.toBytes();
    }

    private Map<String, String> reference() throws Exception {
        Path ref = Files.createDirectory(dir.resolve("reference"));
        MirrorReport r = Mirror.apply(List.of(ByteBuffer.wrap(stream)), ref, MirrorOptions.DEFAULT);
        assertThat(r.problems()).isEmpty();
        return TreeSnapshot.of(ref);
    }

    @Test
    void shouldIgnoreAWholeStreamAppliedASecondTime() throws Exception {
        MirrorReport first = Mirror.apply(List.of(ByteBuffer.wrap(stream)), root, MirrorOptions.DEFAULT);
        Map<String, String> tree = TreeSnapshot.of(root);
        MirrorReport second = Mirror.apply(List.of(ByteBuffer.wrap(stream)), root, MirrorOptions.DEFAULT);
        assertThat(second.applied()).isZero();
        assertThat(second.duplicateRecords()).isEqualTo(first.records() - 5);
        assertThat(second.problems()).isEmpty();
        assertThat(second.warnings()).isEmpty();
        assertThat(TreeSnapshot.of(root)).isEqualTo(tree);
        assertThat(root.resolve(".kemu")).doesNotExist();
        assertThat(MirrorState.load(dir.resolve(".mirror.kemu-state"), false).resumePoint().watermark())
                .isEqualTo(first.completedThrough());
    }

    @Test
    void shouldResumeAfterAnInterruptionAtEveryRecordBoundaryAndEndWithTheSameTree() throws Exception {
        Map<String, String> expected = reference();
        for (int cut = 16; cut < stream.length; cut += 16 * 7) {
            Path r = Files.createDirectory(dir.resolve("cut" + cut));
            try (Mirror m = Mirror.open(r, MirrorOptions.DEFAULT)) {
                m.feed(stream, 0, cut);
            }
            MirrorReport rest = Mirror.apply(List.of(ByteBuffer.wrap(stream)), r, MirrorOptions.DEFAULT);
            assertThat(rest.problems()).as("cut at %d", cut).isEmpty();
            assertThat(rest.warnings()).as("cut at %d", cut).isEmpty();
            assertThat(TreeSnapshot.of(r)).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void shouldSkipAReplayFromAnEarlierAckWithinOneRun() throws Exception {
        Map<String, String> expected = reference();
        int replayFrom = 16 * 20;
        while (!isRecordStart(replayFrom)) {
            replayFrom += 16;
        }
        byte[] withReplay = new byte[stream.length + stream.length - replayFrom];
        System.arraycopy(stream, 0, withReplay, 0, stream.length);
        System.arraycopy(stream, replayFrom, withReplay, stream.length, stream.length - replayFrom);
        MirrorReport r = Mirror.apply(List.of(ByteBuffer.wrap(withReplay)), root, MirrorOptions.DEFAULT);
        assertThat(r.problems()).isEmpty();
        assertThat(r.duplicateRecords()).isPositive();
        assertThat(TreeSnapshot.of(root)).isEqualTo(expected);
    }

    /**
     * What a live target does after a crash: reads the mirror's applied position without opening it,
     * and feeds it again from the store only the records it still {@link Mirror#needs}, starting at
     * that record's stream offset, whole transactions included (an open transaction's BEGIN is after
     * the watermark, so it is fed again).
     */
    @Test
    void shouldResumeFromTheAppliedPositionWithOnlyTheRecordsStillNeeded() throws Exception {
        Map<String, String> expected = reference();
        for (int cut = 16 * 9; cut < stream.length; cut += 16 * 23) {
            Path r = dir.resolve("resume" + cut);
            try (Mirror m = Mirror.open(r, MirrorOptions.DEFAULT)) {
                m.feed(stream, 0, cut);
            }
            io.kemu.journal.scan.ResumePoint applied = Mirror.appliedPosition(r, MirrorOptions.DEFAULT);
            int from = 0;
            try (Mirror m = Mirror.open(r, MirrorOptions.DEFAULT)) {
                assertThat(m.resumePoint()).isEqualTo(applied);
                while (from < stream.length && !m.needs(RawRecordHeaderDescriptor.transid(stream, from))) {
                    from += RawRecordHeaderDescriptor.alignedSize(RawRecordHeaderDescriptor.recsize(stream, from));
                }
            }
            try (Mirror m = Mirror.open(r, MirrorOptions.DEFAULT, from)) {
                m.feed(stream, from, stream.length - from);
                MirrorReport rest = m.finish();
                assertThat(rest.problems()).as("cut at %d, fed from %d", cut, from).isEmpty();
                if (applied.watermark() != 0) {
                    assertThat(from).as("cut at %d: records before the applied position are not fed", cut).isPositive();
                }
            }
            assertThat(TreeSnapshot.of(r)).as("cut at %d", cut).isEqualTo(expected);
        }
        assertThat(Mirror.appliedPosition(dir.resolve("absent"), MirrorOptions.DEFAULT))
                .isEqualTo(io.kemu.journal.scan.ResumePoint.START);
        assertThat(dir.resolve("absent")).doesNotExist();
    }

    private boolean isRecordStart(int offset) {
        int pos = 0;
        while (pos < offset) {
            int recsize = io.kemu.journal.wire.RawRecordHeaderDescriptor.recsize(stream, pos);
            pos += io.kemu.journal.wire.RawRecordHeaderDescriptor.alignedSize(recsize);
        }
        return pos == offset;
    }

    @Test
    void shouldGiveTheSameTreeForAnyChunking() throws Exception {
        Map<String, String> expected = reference();
        long seed = 20240611L;
        Random random = new Random(seed);
        for (int round = 0; round < 5; round++) {
            Path r = Files.createDirectory(dir.resolve("chunks" + round));
            List<ByteBuffer> chunks = new ArrayList<>();
            for (int i = 0; i < stream.length; ) {
                int n = Math.min(stream.length - i, 1 + random.nextInt(200));
                chunks.add(ByteBuffer.wrap(stream, i, n));
                i += n;
            }
            MirrorReport report = Mirror.apply(chunks, r, MirrorOptions.DEFAULT);
            assertThat(report.problems()).as("seed %d round %d", seed, round).isEmpty();
            assertThat(TreeSnapshot.of(r)).as("seed %d round %d", seed, round).isEqualTo(expected);
        }
    }

    @Test
    void shouldReportTheWatermarkAsItAdvances() throws Exception {
        try (Mirror m = Mirror.open(root, MirrorOptions.DEFAULT)) {
            assertThat(m.completedThrough()).isZero();
            StreamWriter w = new StreamWriter(40);
            w.single(Vops.mkdir("a", 0755));
            w.record(StreamId.BEGIN | 0x101, new byte[0]);
            w.single(Vops.mkdir("b", 0755));
            byte[] b = w.toBytes();
            m.feed(b, 0, b.length);
            assertThat(m.completedThrough()).isEqualTo(41);
            StreamWriter tail = new StreamWriter(46);
            tail.record(StreamId.END | 0x101, Vops.mkdir("c", 0755));
            byte[] t = tail.toBytes();
            m.feed(t, 0, t.length);
            assertThat(m.completedThrough()).isEqualTo(46);
            assertThat(m.finish().applied()).isEqualTo(3);
        }
    }
}
