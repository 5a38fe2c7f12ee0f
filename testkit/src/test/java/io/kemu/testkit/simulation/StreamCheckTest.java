package io.kemu.testkit.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.RawRecordTrailerDescriptor;
import io.kemu.journal.wire.StreamId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulation's own verdict on each journal file ({@code Simulation.StreamCheck}): whole records
 * only, non-pad transids strictly increasing. Given files that break one rule at a time, it must name
 * the problem; a good file (pads with lower transids included) must have none.
 */
class StreamCheckTest {
    private static final int SINGLE = StreamId.BEGIN | StreamId.END | StreamId.JMIN;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stream = new ByteArrayOutputStream();

    private StreamCheckTest record(int streamId, long transid, int payload) {
        final int recsize = RawRecordHeaderDescriptor.OVERHEAD + payload;
        final byte[] rec = new byte[RawRecordHeaderDescriptor.alignedSize(recsize)];
        RawRecordHeaderDescriptor.begmagic(rec, 0, RawRecordHeaderDescriptor.BEGMAGIC);
        RawRecordHeaderDescriptor.streamId(rec, 0, streamId);
        RawRecordHeaderDescriptor.recsize(rec, 0, recsize);
        RawRecordHeaderDescriptor.transid(rec, 0, transid);
        RawRecordTrailerDescriptor.write(rec, RawRecordTrailerDescriptor.trailerOffset(0, recsize), recsize);
        stream.writeBytes(rec);
        return this;
    }

    private Simulation.StreamCheck check(byte[] bytes) throws IOException {
        final Path file = dir.resolve("journal");
        Files.write(file, bytes);
        return Simulation.StreamCheck.of(file);
    }

    private Simulation.StreamCheck check() throws IOException {
        return check(stream.toByteArray());
    }

    @Test
    void shouldPassIncreasingTransidsAndCountOnlyRealRecords() throws IOException {
        record(SINGLE, 0x100, 8).record(StreamId.PAD_RECORD, 0x102, 16).record(SINGLE, 0x103, 40)
                .record(StreamId.PAD_RECORD, 0x1, 0).record(SINGLE, 0x105, 0);

        final Simulation.StreamCheck c = check();

        assertThat(c.problem).isEmpty();
        assertThat(c.records).isEqualTo(3);
    }

    @Test
    void shouldNameARepeatedTransid() throws IOException {
        record(SINGLE, 0x100, 8).record(SINGLE, 0x100, 8);

        assertThat(check().problem).isEqualTo("transid 100 at offset 32 does not increase (previous 100)");
    }

    @Test
    void shouldNameADecreasingTransidAcrossAPadAndKeepTheFirstProblem() throws IOException {
        record(SINGLE, 0x100, 8).record(StreamId.PAD_RECORD, 0x200, 16).record(SINGLE, 0xFE, 8).record(SINGLE, 0xFD, 8);

        final Simulation.StreamCheck c = check();

        assertThat(c.problem).isEqualTo("transid fe at offset 80 does not increase (previous 100)");
        assertThat(c.records).isEqualTo(3);
    }

    @Test
    void shouldNameAnIncompleteOrGarbledRecord() throws IOException {
        record(SINGLE, 0x100, 8).record(SINGLE, 0x102, 8);
        final byte[] good = stream.toByteArray();

        assertThat(check(Arrays.copyOf(good, good.length - 16)).problem).isNotEmpty();

        final byte[] trailer = good.clone();
        trailer[good.length - 8] ^= 1;
        assertThat(check(trailer).problem).isNotEmpty();
        assertThat(check(good).problem).isEmpty();
    }
}
