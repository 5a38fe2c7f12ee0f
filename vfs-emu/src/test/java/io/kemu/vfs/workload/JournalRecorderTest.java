package io.kemu.vfs.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole recording: journal framed and bracketed by ASSOCIATE/DISASSOCIATE, ring wrapped, tree written. */
class JournalRecorderTest {
    @TempDir
    Path tmp;

    @Test
    void shouldRecordAWellFormedStreamThroughASmallRingThatWrapsManyTimes() throws IOException {
        for (long seed : new long[] {1, 2}) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final JournalRecorder.Result result = JournalRecorder.record(
                    new JournalRecorder.Options(seed, 1500, true, false, 64 << 10), out, tmp.resolve("t" + seed));
            final byte[] stream = out.toByteArray();
            final StreamChecker check = StreamChecker.check(stream);
            assertThat(check.violation).as("seed %d", seed).isNull();
            assertThat(check.controlRecords).as("seed %d ASSOCIATE + DISASSOCIATE", seed).isEqualTo(2);
            assertThat(stream.length).as("seed %d", seed).isEqualTo(result.journalBytes()).isGreaterThan(4 * (64 << 10));
            assertThat(check.committed).as("seed %d", seed).isGreaterThan(result.report().totalSuccesses() / 2);
            // the last record is the DISASSOCIATE: stream DISCONT with BEGIN|END, sub-record type 3
            final int last = stream.length - 32;
            assertThat(stream[last + 2] & 0xff | (stream[last + 3] & 0xff) << 8).isEqualTo(0xC002);
            assertThat(stream[last + 16]).isEqualTo((byte) 0x03);
        }
    }
}
