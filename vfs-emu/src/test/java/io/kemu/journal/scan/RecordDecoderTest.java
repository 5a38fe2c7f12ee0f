package io.kemu.journal.scan;

import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordDecoderTest {

    /** Collects what the decoder reports; records are copied because their buffer is reused. */
    static final class Collector implements RecordDecoder.Listener {
        final List<long[]> records = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();
        final List<ScanProblem> problems = new ArrayList<>();

        @Override
        public void onRecord(RawRecord r) {
            records.add(new long[] {r.offset(), r.streamId(), r.recsize(), r.transid()});
            payloads.add(Arrays.copyOfRange(r.buffer(), r.payloadIndex(), r.payloadIndex() + r.payloadLength()));
        }

        @Override
        public void onProblem(ScanProblem p) {
            problems.add(p);
        }
    }

    private static Collector decode(byte[] stream) {
        Collector c = new Collector();
        RecordDecoder d = new RecordDecoder(c);
        d.feed(stream, 0, stream.length);
        d.finish();
        return c;
    }

    @Test
    void shouldDecodeRecordsWithUnalignedSizesAndIgnoreTheSlack() {
        StreamWriter w = new StreamWriter(100);
        w.single(new byte[] {1, 2, 3});
        w.single(new byte[40]);
        Collector c = decode(w.toBytes());
        assertThat(c.problems).isEmpty();
        assertThat(c.records).hasSize(2);
        assertThat(c.records.get(0)).containsExactly(0, 0xC100, 27, 100);
        assertThat(c.payloads.get(0)).containsExactly(1, 2, 3);
        assertThat(c.records.get(1)[0]).isEqualTo(32);
        assertThat(c.payloads.get(1)).hasSize(40);
    }

    @Test
    void shouldDecodeSixteenBytePadWhoseTrailerOverlaysTheTransid() {
        StreamWriter w = new StreamWriter(7);
        w.pad(16).pad(48).single(new byte[8]);
        Collector c = decode(w.toBytes());
        assertThat(c.problems).isEmpty();
        assertThat(c.records).hasSize(3);
        assertThat(c.records.get(0)[1]).isEqualTo(StreamId.PAD_RECORD);
        assertThat(c.records.get(0)[3]).isEqualTo(0x000000100000CDEFL);
        assertThat(c.records.get(1)[3]).isEqualTo(8);
        assertThat(c.records.get(2)[3]).isEqualTo(9);
    }

    @Test
    void shouldGiveTheSameRecordsWhenFedOneByteAtATime() {
        StreamWriter w = new StreamWriter(1);
        for (int i = 0; i < 20; i++) {
            w.single(new byte[i * 7]);
            if (i % 5 == 0) {
                w.pad(16);
            }
        }
        byte[] all = w.toBytes();
        Collector whole = decode(all);
        Collector bytewise = new Collector();
        RecordDecoder d = new RecordDecoder(bytewise);
        for (byte b : all) {
            d.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        d.finish();
        assertThat(bytewise.problems).isEmpty();
        assertThat(bytewise.records).usingRecursiveFieldByFieldElementComparator().isEqualTo(whole.records);
    }

    @Test
    void shouldResynchroniseAfterGarbageAndNameWhereItStarted() {
        StreamWriter w = new StreamWriter(10);
        w.single(new byte[4]);
        byte[] garbage = new byte[48];
        Arrays.fill(garbage, (byte) 0x5A);
        w.raw(garbage);
        w.single(new byte[4]);
        Collector c = decode(w.toBytes());
        assertThat(c.records).hasSize(2);
        assertThat(c.records.get(1)[0]).isEqualTo(80);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.GARBAGE);
            assertThat(p.offset()).isEqualTo(32);
            assertThat(p.message()).contains("bad begmagic 0x5a5a").contains("skipped 48 bytes");
        });
    }

    @Test
    void shouldRejectRecsizeAboveTheRecordLimitNamingTheOffsetWithoutWaitingForIt() {
        StreamWriter w = new StreamWriter(10);
        w.single(new byte[4]);
        byte[] huge = new byte[16];
        RawRecordHeaderDescriptor.begmagic(huge, 0, RawRecordHeaderDescriptor.BEGMAGIC);
        RawRecordHeaderDescriptor.streamId(huge, 0, 0xC100);
        RawRecordHeaderDescriptor.recsize(huge, 0, RawRecordHeaderDescriptor.MAX_RECSIZE + 1);
        w.raw(huge);
        w.single(new byte[4]);
        Collector c = decode(w.toBytes());
        assertThat(c.records).hasSize(2);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.RECORD_TOO_LARGE);
            assertThat(p.offset()).isEqualTo(32);
            assertThat(p.message()).contains("exceeds the 128 MiB record limit");
        });
    }

    @Test
    void shouldReportATruncatedLastRecordAtItsOffset() {
        StreamWriter w = new StreamWriter(10);
        w.single(new byte[4]);
        w.single(new byte[100]);
        byte[] all = w.toBytes();
        Collector c = decode(Arrays.copyOf(all, all.length - 20));
        assertThat(c.records).hasSize(1);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.TRUNCATED);
            assertThat(p.offset()).isEqualTo(32);
        });
    }

    @Test
    void shouldReportTrailingBytesShorterThanAHeader() {
        StreamWriter w = new StreamWriter(10);
        w.single(new byte[4]);
        w.raw(new byte[5]);
        Collector c = decode(w.toBytes());
        assertThat(c.records).hasSize(1);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.TRUNCATED);
            assertThat(p.offset()).isEqualTo(32);
            assertThat(p.message()).contains("5 bytes into a record header");
        });
    }

    @Test
    void shouldTreatAMismatchedTrailerRecsizeAsGarbage() {
        StreamWriter w = new StreamWriter(10);
        w.single(new byte[4]);
        byte[] all = w.toBytes();
        all[28] = 99;
        Collector c = decode(all);
        assertThat(c.records).isEmpty();
        assertThat(c.problems).singleElement().satisfies(p -> assertThat(p.message()).contains("trailer recsize 99"));
    }

    @Test
    void shouldRecogniseAByteSwappedStream() {
        byte[] swapped = new byte[32];
        swapped[0] = 0x12;
        swapped[1] = 0x34;
        Collector c = decode(swapped);
        assertThat(c.problems).singleElement().satisfies(p -> assertThat(p.message()).contains("byte-swapped"));
    }

    @Test
    void shouldAwaitARecordSplitAcrossChunksWithoutReportingAnything() {
        StreamWriter w = new StreamWriter(10);
        w.single(new byte[1000]);
        byte[] all = w.toBytes();
        Collector c = new Collector();
        RecordDecoder d = new RecordDecoder(c);
        d.feed(all, 0, 500);
        assertThat(c.records).isEmpty();
        assertThat(d.pendingBytes()).isEqualTo(500);
        d.feed(all, 500, all.length - 500);
        assertThat(c.records).hasSize(1);
        assertThat(d.position()).isEqualTo(all.length);
        d.finish();
        assertThat(c.problems).isEmpty();
    }
}
