package io.kemu.journal.scan;

import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.RawRecordTrailerDescriptor;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decoder's edges (issue 16, mutation testing): argument checks, feed after finish, the buffer
 * moving and growing under records larger than its first size, every header rejection with its exact
 * message, and the garbage run in progress. Expected values are worked out by hand from the wire
 * layout (16-byte header, payload, 8-byte trailer in the last 8 bytes of the 16-aligned span).
 */
class RecordDecoderEdgesTest {

    private static RecordDecoderTest.Collector decode(byte[] stream) {
        RecordDecoderTest.Collector c = new RecordDecoderTest.Collector();
        RecordDecoder d = new RecordDecoder(c);
        d.feed(stream, 0, stream.length);
        d.finish();
        return c;
    }

    /** A bare 16-byte header (no trailer) with a valid begmagic. */
    private static byte[] header(int streamId, int recsize) {
        byte[] h = new byte[16];
        RawRecordHeaderDescriptor.begmagic(h, 0, RawRecordHeaderDescriptor.BEGMAGIC);
        RawRecordHeaderDescriptor.streamId(h, 0, streamId);
        RawRecordHeaderDescriptor.recsize(h, 0, recsize);
        return h;
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void shouldCheckTheBoundsOfTheArrayFed() {
        RecordDecoder d = new RecordDecoder(new RecordDecoderTest.Collector());
        byte[] four = new byte[4];
        assertThatThrownBy(() -> d.feed(four, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("off -1 len 2 of 4");
        assertThatThrownBy(() -> d.feed(four, 0, -1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("off 0 len -1 of 4");
        assertThatThrownBy(() -> d.feed(four, 3, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("off 3 len 2 of 4");
        d.feed(four, 2, 2);
        d.feed(four, 4, 0);
        assertThat(d.pendingBytes()).isEqualTo(2);
        assertThat(d.position()).isZero();
    }

    @Test
    void shouldRefuseInputAfterFinishAndFinishOnlyOnce() {
        RecordDecoderTest.Collector c = new RecordDecoderTest.Collector();
        RecordDecoder d = new RecordDecoder(c);
        d.feed(new byte[5], 0, 5);
        d.finish();
        d.finish();
        assertThat(c.problems).hasSize(1);
        assertThat(d.pendingBytes()).isZero();
        assertThat(d.position()).isEqualTo(5);
        assertThatThrownBy(() -> d.feed(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("feed after finish");
        assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(new byte[1]))).isInstanceOf(IllegalStateException.class)
                .hasMessage("feed after finish");
    }

    @Test
    void shouldDecodeRecordsLargerThanTheFirstBufferFedInOddChunksByteForByte() {
        StreamWriter w = new StreamWriter(1);
        int[] sizes = {10, 70_000, 3, 200_000, 65_536 - 24, 65_536, 1, 131_000};
        for (int i = 0; i < sizes.length; i++) {
            w.single(pattern(sizes[i], i));
        }
        byte[] all = w.toBytes();
        for (int chunk : new int[] {all.length, 65_536, 4_099, 50_000}) {
            RecordDecoderTest.Collector c = new RecordDecoderTest.Collector();
            RecordDecoder d = new RecordDecoder(c);
            for (int off = 0; off < all.length; off += chunk) {
                if (chunk % 2 == 0) {
                    d.feed(ByteBuffer.wrap(all, off, Math.min(chunk, all.length - off)));
                } else {
                    d.feed(all, off, Math.min(chunk, all.length - off));
                }
            }
            d.finish();
            assertThat(c.problems).as("chunk %d", chunk).isEmpty();
            assertThat(c.payloads).as("chunk %d", chunk).hasSize(sizes.length);
            long offset = 0;
            for (int i = 0; i < sizes.length; i++) {
                assertThat(c.payloads.get(i)).as("chunk %d record %d", chunk, i).isEqualTo(pattern(sizes[i], i));
                assertThat(c.records.get(i)[0]).isEqualTo(offset);
                assertThat(c.records.get(i)[3]).isEqualTo(1 + 2L * i);
                offset += RawRecordHeaderDescriptor.alignedSize(sizes[i] + 24);
            }
            assertThat(d.position()).isEqualTo(all.length);
        }
    }

    @Test
    void shouldDecodeAWholeInputStreamLongerThanOneReadChunk() throws Exception {
        StreamWriter w = new StreamWriter(50);
        for (int i = 0; i < 40; i++) {
            w.single(pattern(3_000 + i, i));
        }
        w.raw(new byte[3]);
        RecordDecoderTest.Collector c = new RecordDecoderTest.Collector();
        RecordDecoder.decodeAll(new ByteArrayInputStream(w.toBytes()), c);
        assertThat(c.records).hasSize(40);
        assertThat(c.payloads.get(39)).isEqualTo(pattern(3_039, 39));
        assertThat(c.problems).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("stream ends 3 bytes into a record header; skipped 3 bytes up to offset " + (w.size())));
    }

    @Test
    void shouldNameStreamOffsetsFromTheStartPosition() {
        StreamWriter w = new StreamWriter(9);
        w.single(new byte[4]);
        w.raw(new byte[16]);
        w.single(new byte[4]);
        RecordDecoderTest.Collector c = new RecordDecoderTest.Collector();
        RecordDecoder d = new RecordDecoder(c, 1_000);
        assertThat(d.position()).isEqualTo(1_000);
        byte[] all = w.toBytes();
        d.feed(all, 0, all.length);
        d.finish();
        assertThat(c.records.get(0)[0]).isEqualTo(1_000);
        assertThat(c.records.get(1)[0]).isEqualTo(1_048);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.offset()).isEqualTo(1_032);
            assertThat(p.message()).isEqualTo("bad begmagic 0x0000; skipped 16 bytes up to offset 1048");
        });
        assertThat(d.position()).isEqualTo(1_080);
    }

    @Test
    void shouldRejectRecsizesBelowTheMinimumAndNonPadsWithoutRoomForATrailer() {
        StreamWriter w = new StreamWriter(9);
        w.raw(header(0xC100, 15));
        w.single(new byte[0]);
        w.raw(header(0xC100, -1));
        w.single(new byte[0]);
        w.raw(header(0xC100, 23));
        w.single(new byte[0]);
        byte[] pad16 = header(StreamId.PAD_RECORD, 16);
        RawRecordTrailerDescriptor.write(pad16, 8, 16);
        w.raw(pad16);
        RecordDecoderTest.Collector c = decode(w.toBytes());
        assertThat(c.records).hasSize(4);
        assertThat(c.records.get(0)).containsExactly(16, 0xC100, 24, 9);
        assertThat(c.records.get(2)).containsExactly(112, 0xC100, 24, 13);
        assertThat(c.records.get(3)).containsExactly(144, StreamId.PAD_RECORD, 16, RawRecordHeaderDescriptor.SMALL_PAD_TRANSID);
        assertThat(c.problems).extracting(ScanProblem::kind).containsOnly(ProblemKind.GARBAGE);
        assertThat(c.problems).extracting(ScanProblem::offset).containsExactly(0L, 48L, 96L);
        assertThat(c.problems).extracting(ScanProblem::message).containsExactly(
                "recsize 15 is below the 16-byte minimum; skipped 16 bytes up to offset 16",
                "recsize -1 is below the 16-byte minimum; skipped 16 bytes up to offset 64",
                "recsize 23 leaves no room for header and trailer; skipped 16 bytes up to offset 112");
    }

    @Test
    void shouldAwaitARecordOfTheLargestLegalSizeAndReportItTruncatedAtTheEnd() {
        StreamWriter w = new StreamWriter(9);
        w.raw(header(0xC100, RawRecordHeaderDescriptor.MAX_RECSIZE));
        w.raw(new byte[16]);
        RecordDecoderTest.Collector c = new RecordDecoderTest.Collector();
        RecordDecoder d = new RecordDecoder(c);
        byte[] all = w.toBytes();
        d.feed(all, 0, all.length);
        assertThat(c.problems).isEmpty();
        assertThat(d.pendingBytes()).isEqualTo(32);
        assertThat(d.garbageInProgress()).isNull();
        d.finish();
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.TRUNCATED);
            assertThat(p.offset()).isZero();
            assertThat(p.message()).isEqualTo("stream ends inside a record of recsize 134217728 (32 of 134217728 bytes"
                    + " present); skipped 32 bytes up to offset 32");
        });
    }

    @Test
    void shouldNameTheMissingTrailerMagicWithItsOffset() {
        StreamWriter w = new StreamWriter(9);
        w.single(new byte[4]);
        w.single(new byte[4]);
        byte[] all = w.toBytes();
        all[24] = 0x11;
        all[25] = 0x22;
        RecordDecoderTest.Collector c = decode(all);
        assertThat(c.records).hasSize(1);
        assertThat(c.records.get(0)[0]).isEqualTo(32);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.GARBAGE);
            assertThat(p.offset()).isZero();
            assertThat(p.message()).isEqualTo("no trailer magic 0xcdef at offset 24 (found 0x2211) for recsize 28;"
                    + " skipped 32 bytes up to offset 32");
        });
    }

    @Test
    void shouldKeepTheFirstReasonOfAGarbageRunAndShowItWhileInProgress() {
        StreamWriter w = new StreamWriter(9);
        w.raw(header(0xC100, RawRecordHeaderDescriptor.MAX_RECSIZE + 1));
        byte[] junk = new byte[32];
        Arrays.fill(junk, (byte) 0x77);
        w.raw(junk);
        RecordDecoderTest.Collector c = new RecordDecoderTest.Collector();
        RecordDecoder d = new RecordDecoder(c, 64);
        assertThat(d.garbageInProgress()).isNull();
        byte[] all = w.toBytes();
        d.feed(all, 0, all.length);
        assertThat(c.problems).isEmpty();
        assertThat(d.garbageInProgress()).isEqualTo("RECORD_TOO_LARGE offset 64: recsize 134217729 exceeds the 128 MiB"
                + " record limit");
        StreamWriter good = new StreamWriter(9);
        good.single(new byte[1]);
        byte[] g = good.toBytes();
        d.feed(ByteBuffer.wrap(g));
        assertThat(d.garbageInProgress()).isNull();
        assertThat(c.records).hasSize(1);
        assertThat(c.records.get(0)[0]).isEqualTo(112);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.RECORD_TOO_LARGE);
            assertThat(p.offset()).isEqualTo(64);
            assertThat(p.message()).endsWith("; skipped 48 bytes up to offset 112");
        });
        d.finish();
        assertThat(c.problems).hasSize(1);
    }

    @Test
    void shouldShowAGarbageRunThatStartsAtOffsetZero() {
        RecordDecoderTest.Collector c = new RecordDecoderTest.Collector();
        RecordDecoder d = new RecordDecoder(c);
        d.feed(new byte[20], 0, 20);
        assertThat(d.garbageInProgress()).isEqualTo("GARBAGE offset 0: bad begmagic 0x0000");
        assertThat(d.pendingBytes()).isEqualTo(4);
        assertThat(c.problems).isEmpty();
    }

    @Test
    void shouldCallAHugeRecsizeWithoutBegmagicGarbage() {
        byte[] h = header(0xC100, RawRecordHeaderDescriptor.MAX_RECSIZE + 1);
        RawRecordHeaderDescriptor.begmagic(h, 0, 0x1235);
        RecordDecoderTest.Collector c = decode(h);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.GARBAGE);
            assertThat(p.message()).isEqualTo("bad begmagic 0x1235; skipped 16 bytes up to offset 16");
        });
    }
}
