package io.kemu.journal.scan;

import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reassembler driven record by record (issue 16, mutation testing): what it delivers (data,
 * control bits, counts, offsets and transids), the exact problems it reports, and the memory
 * limits, per transaction and for all open ones, at their boundaries. Buffer capacities are visible
 * as {@code Transaction.data().length} (the open buffer is handed over without a copy).
 */
class StreamReassemblerTest {

    static final class Collector implements StreamReassembler.Listener {
        final List<Transaction> transactions = new ArrayList<>();
        final List<StreamReassembler.Fragment> fragments = new ArrayList<>();
        final List<ScanProblem> problems = new ArrayList<>();

        @Override
        public void onTransaction(Transaction t) {
            transactions.add(t);
        }

        @Override
        public void onFragmentEnd(StreamReassembler.Fragment f) {
            fragments.add(f);
        }

        @Override
        public void onProblem(ScanProblem p) {
            problems.add(p);
        }
    }

    /** One raw record at {@code offset} with the full 16-bit stream id and a patterned payload. */
    private static RawRecord rec(long offset, int streamId, long transid, int payloadLength) {
        byte[] payload = payload(payloadLength, (int) transid);
        StreamWriter w = new StreamWriter(0);
        w.recordWithTransid(streamId, payload, transid);
        byte[] bytes = w.toBytes();
        byte[] shifted = new byte[bytes.length + 5];
        System.arraycopy(bytes, 0, shifted, 5, bytes.length);
        return new RawRecord(offset, streamId, RawRecordHeaderDescriptor.recsize(bytes, 0), transid, shifted, 5);
    }

    private static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 7 + i);
        }
        return b;
    }

    private static byte[] logical(Transaction t) {
        return Arrays.copyOfRange(t.data(), Transaction.SUBRECORDS_INDEX, t.length());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void shouldDeliverAMultiRecordTransactionWithItsBitsCountsOffsetsAndGrownBuffer() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, ScanLimits.DEFAULT);
        r.accept(rec(100, StreamId.BEGIN | 0x123, 10, 200));
        r.accept(rec(400, StreamId.ABORTED | 0x123, 12, 100));
        assertThat(r.openTransactions()).isEqualTo(1);
        r.accept(rec(600, StreamId.END | 0x123, 14, 300));
        assertThat(r.openTransactions()).isZero();
        assertThat(c.problems).isEmpty();
        assertThat(c.transactions).singleElement().satisfies(t -> {
            assertThat(t.streamId()).isEqualTo(0x123);
            assertThat(t.controlBits()).isEqualTo(StreamId.BEGIN | StreamId.END | StreamId.ABORTED);
            assertThat(t.beginTransid()).isEqualTo(10);
            assertThat(t.endTransid()).isEqualTo(14);
            assertThat(t.beginOffset()).isEqualTo(100);
            assertThat(t.endOffset()).isEqualTo(600);
            assertThat(t.recordCount()).isEqualTo(3);
            assertThat(t.length()).isEqualTo(616);
            // 216 bytes in 256; +100 doubles it to 512; +300 needs 616, so it doubles again to 1024
            assertThat(t.data().length).isEqualTo(1024);
            assertThat(logical(t)).isEqualTo(concat(payload(200, 10), payload(100, 12), payload(300, 14)));
            assertThat(RawRecordHeaderDescriptor.transid(t.data(), 0)).isEqualTo(10);
        });
    }

    @Test
    void shouldDeliverASingleRecordTransactionAsAnExactCopy() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, new ScanLimits(64, 64));
        r.accept(rec(32, StreamId.BEGIN | StreamId.END | 0x200, 7, 48));
        assertThat(c.problems).isEmpty();
        assertThat(c.fragments).isEmpty();
        assertThat(c.transactions).singleElement().satisfies(t -> {
            assertThat(t.length()).isEqualTo(64);
            assertThat(t.data().length).isEqualTo(64);
            assertThat(t.recordCount()).isEqualTo(1);
            assertThat(t.beginOffset()).isEqualTo(32);
            assertThat(t.endOffset()).isEqualTo(32);
            assertThat(t.beginTransid()).isEqualTo(7);
            assertThat(t.endTransid()).isEqualTo(7);
            assertThat(logical(t)).isEqualTo(payload(48, 7));
        });
        r.accept(rec(128, StreamId.BEGIN | StreamId.END | 0x200, 9, 49));
        assertThat(c.transactions).hasSize(1);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.TRANSACTION_TOO_LARGE);
            assertThat(p.offset()).isEqualTo(128);
            assertThat(p.transid()).hasValue(9);
            assertThat(p.message()).isEqualTo("stream 0x0200: transaction needs 65 bytes, over the reassembly limit"
                    + " (64 per transaction, 64 for all open ones); dropped");
        });
        assertThat(c.fragments).containsExactly(
                new StreamReassembler.Fragment(0x200, StreamReassembler.DropReason.TOO_LARGE, 128, 9, 128, 9, 1));
    }

    @Test
    void shouldDropATransactionWhoseBeginIsTooLargeUntilItsEnd() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, new ScanLimits(300, 1000));
        r.accept(rec(0, StreamId.BEGIN | 0x300, 20, 285));
        assertThat(c.problems).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("stream 0x0300: transaction needs 301 bytes, over the reassembly limit (300 per transaction,"
                        + " 1000 for all open ones); dropped"));
        assertThat(r.openTransactions()).isZero();
        assertThat(r.oldestOpenBeginTransid()).isEmpty();
        r.accept(rec(320, 0x300, 22, 10));
        r.accept(rec(352, StreamId.END | 0x300, 24, 10));
        assertThat(c.transactions).isEmpty();
        assertThat(c.problems).hasSize(1);
        assertThat(c.fragments).containsExactly(
                new StreamReassembler.Fragment(0x300, StreamReassembler.DropReason.TOO_LARGE, 0, 20, 352, 24, 3));
        // exactly at the limit it is kept
        r.accept(rec(400, StreamId.BEGIN | 0x300, 26, 284));
        r.accept(rec(720, StreamId.END | 0x300, 28, 0));
        assertThat(c.transactions).singleElement().satisfies(t -> assertThat(t.length()).isEqualTo(300));
    }

    @Test
    void shouldRefuseANewTransactionWhenAllOpenOnesWouldExceedTheLimit() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, new ScanLimits(300, 768));
        r.accept(rec(0, StreamId.BEGIN | 0x101, 10, 10));
        r.accept(rec(32, StreamId.BEGIN | 0x102, 12, 10));
        r.accept(rec(64, StreamId.BEGIN | 0x103, 14, 10));
        assertThat(r.openTransactions()).isEqualTo(3);
        assertThat(c.problems).isEmpty();
        r.accept(rec(96, StreamId.BEGIN | 0x104, 16, 10));
        assertThat(r.openTransactions()).isEqualTo(3);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.TRANSACTION_TOO_LARGE);
            assertThat(p.offset()).isEqualTo(96);
            assertThat(p.message()).contains("needs 26 bytes").contains("(300 per transaction, 768 for all open ones)");
        });
        // closing one frees its 256 bytes for the next
        r.accept(rec(128, StreamId.END | 0x101, 18, 0));
        assertThat(c.transactions).hasSize(1);
        r.accept(rec(160, StreamId.BEGIN | 0x105, 20, 10));
        assertThat(r.openTransactions()).isEqualTo(3);
        assertThat(c.problems).hasSize(1);
    }

    @Test
    void shouldGrowOnlyToWhatIsNeededWhenDoublingWouldPassTheOpenLimit() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, new ScanLimits(600, 600));
        r.accept(rec(0, StreamId.BEGIN | 0x101, 10, 200));
        r.accept(rec(256, StreamId.BEGIN | 0x102, 12, 10));
        r.accept(rec(288, 0x101, 14, 100));
        r.accept(rec(416, StreamId.END | 0x101, 16, 1));
        assertThat(c.problems).isEmpty();
        assertThat(c.transactions).singleElement().satisfies(t -> {
            assertThat(t.length()).isEqualTo(317);
            assertThat(t.data().length).isEqualTo(317);
            assertThat(logical(t)).isEqualTo(concat(payload(200, 10), payload(100, 14), payload(1, 16)));
        });
        // its 317 bytes were given back (else the next BEGIN would not fit); again it grows only as needed
        r.accept(rec(448, StreamId.BEGIN | 0x103, 18, 0));
        r.accept(rec(480, StreamId.END | 0x103, 20, 300));
        assertThat(c.problems).isEmpty();
        assertThat(c.transactions).hasSize(2);
        assertThat(c.transactions.get(1).data().length).isEqualTo(316);
    }

    @Test
    void shouldDropATransactionThatOutgrowsTheLimitsWhileOpen() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, new ScanLimits(520, 520));
        r.accept(rec(0, StreamId.BEGIN | 0x101, 10, 200));
        r.accept(rec(256, StreamId.BEGIN | 0x102, 12, 10));
        r.accept(rec(288, 0x101, 14, 100));
        assertThat(r.openTransactions()).isEqualTo(1);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.TRANSACTION_TOO_LARGE);
            assertThat(p.offset()).isZero();
            assertThat(p.transid()).hasValue(10);
            assertThat(p.message()).startsWith("stream 0x0101: transaction needs 316 bytes");
        });
        r.accept(rec(416, 0x101, 16, 1));
        r.accept(rec(448, StreamId.END | 0x101, 18, 1));
        assertThat(c.fragments).containsExactly(
                new StreamReassembler.Fragment(0x101, StreamReassembler.DropReason.TOO_LARGE, 0, 10, 448, 18, 4));
        // its 256 bytes were given back: another one fits beside the one still open
        r.accept(rec(480, StreamId.BEGIN | 0x103, 20, 0));
        assertThat(c.problems).hasSize(1);
        assertThat(r.openTransactions()).isEqualTo(2);
    }

    @Test
    void shouldDropATransactionThatPassesThePerTransactionLimitWhileOpen() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, new ScanLimits(300, 10_000));
        r.accept(rec(0, StreamId.BEGIN | 0x101, 10, 200));
        r.accept(rec(256, 0x101, 12, 84));
        assertThat(c.problems).isEmpty();
        r.accept(rec(384, StreamId.END | 0x101, 14, 1));
        assertThat(c.transactions).isEmpty();
        assertThat(c.problems).singleElement().satisfies(p -> assertThat(p.message()).contains("needs 301 bytes"));
        assertThat(c.fragments).containsExactly(
                new StreamReassembler.Fragment(0x101, StreamReassembler.DropReason.TOO_LARGE, 0, 10, 384, 14, 3));
    }

    @Test
    void shouldReportWhatIsStillOpenOrBeingDroppedAtTheEndInOffsetOrder() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, ScanLimits.DEFAULT);
        // ids in the opposite order of their offsets, so that the report order is the offsets'
        r.accept(rec(500, StreamId.BEGIN | 0x101, 30, 8));
        r.accept(rec(100, StreamId.BEGIN | 0x105, 10, 8));
        r.accept(rec(300, StreamId.BEGIN | 0x103, 20, 8));
        r.accept(rec(532, 0x105, 32, 4));
        r.accept(rec(564, 0x1ff, 34, 4));
        r.accept(rec(596, 0x1ff, 36, 4));
        assertThat(r.openTransactions()).isEqualTo(3);
        assertThat(r.oldestOpenBeginTransid()).hasValue(10);
        r.finish();
        assertThat(r.openTransactions()).isZero();
        assertThat(r.oldestOpenBeginTransid()).isEmpty();
        assertThat(c.problems).extracting(ScanProblem::toString).containsExactly(
                "INCOMPLETE offset 100 transid 0x000000000000000a: stream 0x0105: transaction has no END"
                        + " (2 raw records, 28 bytes received)",
                "INCOMPLETE offset 300 transid 0x0000000000000014: stream 0x0103: transaction has no END"
                        + " (1 raw records, 24 bytes received)",
                "INCOMPLETE offset 500 transid 0x000000000000001e: stream 0x0101: transaction has no END"
                        + " (1 raw records, 24 bytes received)",
                "ORPHAN offset 564 transid 0x0000000000000022: stream 0x01ff: 2 raw records without a BEGIN dropped;"
                        + " the input ended before their END");
        // the state is cleared: a BEGIN after finish starts from nothing, on an id that was open or dropping
        r.accept(rec(700, StreamId.BEGIN | 0x101, 40, 0));
        r.accept(rec(732, StreamId.END | 0x101, 42, 0));
        r.accept(rec(764, StreamId.BEGIN | StreamId.END | 0x1ff, 44, 0));
        assertThat(c.transactions).hasSize(2).first().satisfies(t -> assertThat(t.recordCount()).isEqualTo(2));
        assertThat(c.problems).hasSize(4);
        assertThat(c.fragments).isEmpty();
    }

    @Test
    void shouldReportAnOrphanRunCutByANewBeginButNotADroppedLargeOne() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, new ScanLimits(100, 1000));
        r.accept(rec(0, 0x110, 10, 4));
        r.accept(rec(32, 0x110, 12, 4));
        r.accept(rec(64, StreamId.BEGIN | 0x110, 14, 4));
        assertThat(c.problems).singleElement().hasToString("ORPHAN offset 0 transid 0x000000000000000a: stream 0x0110:"
                + " 2 raw records without a BEGIN dropped; a new BEGIN arrived at offset 64 before their END");
        r.accept(rec(96, StreamId.END | 0x110, 16, 0));
        assertThat(c.transactions).singleElement().satisfies(t -> {
            assertThat(t.beginOffset()).isEqualTo(64);
            assertThat(t.recordCount()).isEqualTo(2);
        });
        r.accept(rec(128, StreamId.BEGIN | 0x111, 18, 200));
        assertThat(c.problems).hasSize(2);
        r.accept(rec(384, StreamId.BEGIN | 0x111, 20, 0));
        assertThat(c.problems).hasSize(2);
        assertThat(r.openTransactions()).isEqualTo(1);
        r.finish();
        assertThat(c.problems).hasSize(3);
        assertThat(c.problems.get(2).kind()).isEqualTo(ProblemKind.INCOMPLETE);
        assertThat(c.fragments).isEmpty();
    }

    @Test
    void shouldReportASupersededTransactionWithWhatWasDropped() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, new ScanLimits(1000, 1000));
        r.accept(rec(0, StreamId.BEGIN | 0x120, 10, 100));
        r.accept(rec(128, 0x120, 12, 50));
        r.accept(rec(224, StreamId.BEGIN | 0x120, 14, 900));
        assertThat(c.problems).singleElement().hasToString("SUPERSEDED offset 0 transid 0x000000000000000a: stream"
                + " 0x0120: transaction never ended; a new BEGIN at offset 224 replaces it (2 raw records, 166 bytes"
                + " dropped)");
        // its 256 bytes were released, so 916 more still fit in 1000
        r.accept(rec(1152, StreamId.END | 0x120, 16, 0));
        assertThat(c.problems).hasSize(1);
        assertThat(c.transactions).singleElement().satisfies(t -> {
            assertThat(t.length()).isEqualTo(916);
            assertThat(t.beginOffset()).isEqualTo(224);
        });
    }

    @Test
    void shouldGrowOnlyWhenTheBufferIsFullAndDoubleUpToExactlyTheOpenLimit() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, new ScanLimits(768, 768));
        r.accept(rec(0, StreamId.BEGIN | 0x101, 10, 200));
        r.accept(rec(256, StreamId.BEGIN | 0x102, 12, 10));
        // 216 + 40 = 256 bytes: the 256-byte buffer holds them without growing
        r.accept(rec(288, StreamId.END | 0x102, 14, 230));
        r.accept(rec(544, StreamId.BEGIN | 0x102, 16, 10));
        r.accept(rec(576, 0x101, 18, 40));
        r.accept(rec(640, StreamId.END | 0x102, 20, 230));
        assertThat(c.transactions).extracting(t -> t.data().length).containsExactly(256, 256);
        // doubling 0x101 from 256 to 512 brings the open total to 512 - 256 + 512 = 768, exactly the limit
        r.accept(rec(896, StreamId.BEGIN | 0x103, 22, 10));
        r.accept(rec(928, StreamId.END | 0x101, 24, 1));
        assertThat(c.problems).isEmpty();
        assertThat(c.transactions).hasSize(3);
        assertThat(c.transactions.get(2).length()).isEqualTo(257);
        assertThat(c.transactions.get(2).data().length).isEqualTo(512);
    }

    @Test
    void shouldGrowToWhatIsNeededWhenThatReachesExactlyTheOpenLimit() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, new ScanLimits(572, 572));
        r.accept(rec(0, StreamId.BEGIN | 0x101, 10, 200));
        r.accept(rec(256, StreamId.BEGIN | 0x102, 12, 10));
        r.accept(rec(288, StreamId.END | 0x101, 14, 100));
        assertThat(c.problems).isEmpty();
        assertThat(c.transactions).singleElement().satisfies(t -> {
            assertThat(t.length()).isEqualTo(316);
            assertThat(t.data().length).isEqualTo(316);
        });
    }

    @Test
    void shouldFindTheOldestOpenBeginAsAnUnsignedNumber() {
        Collector c = new Collector();
        StreamReassembler r = new StreamReassembler(c, ScanLimits.DEFAULT);
        assertThat(r.oldestOpenBeginTransid()).isEqualTo(OptionalLong.empty());
        r.accept(rec(0, StreamId.BEGIN | 0x101, 0x8000000000000000L, 0));
        assertThat(r.oldestOpenBeginTransid()).hasValue(0x8000000000000000L);
        r.accept(rec(32, StreamId.BEGIN | 0x102, 5, 0));
        r.accept(rec(64, StreamId.BEGIN | 0x103, -1L, 0));
        assertThat(r.oldestOpenBeginTransid()).hasValue(5);
        r.accept(rec(96, StreamId.END | 0x102, 7, 0));
        assertThat(r.oldestOpenBeginTransid()).hasValue(0x8000000000000000L);
    }
}
