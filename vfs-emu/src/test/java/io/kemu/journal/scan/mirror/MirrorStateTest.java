package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ResumePoint;
import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The restart state: O(1) bytes per transaction, and read back exactly, through appends, checkpoints and kills. */
class MirrorStateTest {
    private static final long SEED = 0x5354415445L;

    @TempDir
    Path dir;

    /**
     * One transaction stays open while {@code n} others finish: every one of them is listed above the
     * watermark, so a state that rewrites the list after each transaction writes O(n^2) bytes.
     */
    @Test
    void shouldWriteBoundedBytesPerTransactionBehindATransactionThatNeverEnds() throws Exception {
        int n = 2000;
        StreamWriter w = new StreamWriter(1000);
        byte[] open = Vops.mkdir("never", 0755);
        w.record(StreamId.BEGIN | 0x101, Arrays.copyOfRange(open, 0, 16));
        for (int i = 0; i < n; i++) {
            w.single(Vops.setacl(""));
        }
        byte[] stream = w.toBytes();
        long[] bytesAt = new long[2];
        try (Mirror m = Mirror.open(dir.resolve("mirror"), MirrorOptions.DEFAULT)) {
            int half = stream.length / 2;
            m.feed(ByteBuffer.wrap(stream, 0, half));
            bytesAt[0] = m.stateBytesWritten();
            m.feed(ByteBuffer.wrap(stream, half, stream.length - half));
            bytesAt[1] = m.stateBytesWritten();
            assertThat(m.resumePoint().finishedAbove()).hasSize(n);
            assertThat(m.resumePoint().watermark()).isEqualTo(999);
        }
        double perTxFirstHalf = bytesAt[0] / (n / 2.0);
        double perTxSecondHalf = (bytesAt[1] - bytesAt[0]) / (n / 2.0);
        assertThat(perTxSecondHalf).as("state bytes per transaction, second half vs first half (%.1f)", perTxFirstHalf)
                .isLessThan(200).isLessThan(2 * perTxFirstHalf + 50);
        assertThat(MirrorState.load(dir.resolve(".mirror.kemu-state"), false).resumePoint().finishedAbove()).hasSize(n);
    }

    /** Random forward steps, checkpoints among them, and a backward step now and then (undo). */
    @Test
    void shouldReadBackEveryResumePointItSaved() throws Exception {
        SplittableRandom r = new SplittableRandom(SEED);
        Path stateDir = dir.resolve("state");
        MirrorState state = MirrorState.load(stateDir, false);
        long watermark = 10;
        List<Long> above = new ArrayList<>();
        long next = 12;
        for (int step = 0; step < 3000; step++) {
            int choice = r.nextInt(10);
            if (choice < 6) {
                above.add(next);
            } else if (choice < 9 && !above.isEmpty()) {
                watermark = above.remove(0);
            } else {
                watermark = Math.max(1, watermark - r.nextInt(5));
                final long w = watermark;
                above.removeIf(t -> t <= w);
            }
            next += 2;
            ResumePoint point = new ResumePoint(watermark, List.copyOf(above));
            state.save(point);
            if (step % 97 == 0) {
                state.close();
                assertThat(MirrorState.load(stateDir, false).resumePoint()).as("seed %d step %d", SEED, step)
                        .isEqualTo(point);
            }
        }
        state.close();
    }

    @Test
    void shouldIgnoreALineCutShortByAKillAndAStaleLog() throws Exception {
        Path stateDir = dir.resolve("state");
        MirrorState state = MirrorState.load(stateDir, false);
        ResumePoint a = new ResumePoint(5, List.of(9L));
        ResumePoint b = new ResumePoint(5, List.of(9L, 11L));
        state.save(a);
        state.save(b);
        state.close();
        Path log = stateDir.resolve(MirrorState.LOG_FILE);
        Files.writeString(log, "a 00000000000", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        MirrorState reloaded = MirrorState.load(stateDir, false);
        assertThat(reloaded.resumePoint()).isEqualTo(b);
        ResumePoint c = new ResumePoint(5, List.of(9L, 11L, 13L));
        reloaded.save(c);
        reloaded.close();
        assertThat(MirrorState.load(stateDir, false).resumePoint()).isEqualTo(c);

        String staleLog = Files.readString(log);
        MirrorState again = MirrorState.load(stateDir, false);
        again.save(new ResumePoint(3, List.of()));
        again.close();
        Files.writeString(log, staleLog + "a 0000000000000020\n", StandardCharsets.US_ASCII);
        assertThat(MirrorState.load(stateDir, false).resumePoint()).isEqualTo(new ResumePoint(3, List.of()));
    }

    /**
     * Node-manifest changes count once the line that finishes their transaction follows them; a group
     * cut short by a kill is dropped with it, and a checkpoint (which writes the manifest file first)
     * drops them all.
     */
    @Test
    void shouldKeepLoggedManifestChangesOnlyWithTheLineThatFinishesThem() throws Exception {
        Path stateDir = dir.resolve("state");
        MirrorState state = MirrorState.load(stateDir, false);
        state.initialize();
        state.beginApplying(7, "-");
        state.save(new ResumePoint(7, List.of()), List.of("m a type=fifo", "r b"));
        state.beginApplying(9, "x");
        state.close();
        Path log = stateDir.resolve(MirrorState.LOG_FILE);
        Files.writeString(log, "m c type=sock\nm d", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        MirrorState reloaded = MirrorState.load(stateDir, false);
        assertThat(reloaded.loggedManifestChanges()).containsExactly("m a type=fifo", "r b");
        assertThat(reloaded.resumePoint()).isEqualTo(new ResumePoint(7, List.of()));
        assertThat(reloaded.interrupted()).contains(new MirrorState.Interrupted(9, "x"));
        int[] written = {0};
        reloaded.writeManifestWith(() -> written[0]++);
        reloaded.checkpointNow();
        reloaded.close();
        assertThat(written[0]).isEqualTo(1);
        assertThat(MirrorState.load(stateDir, false).loggedManifestChanges()).isEmpty();
    }
}
