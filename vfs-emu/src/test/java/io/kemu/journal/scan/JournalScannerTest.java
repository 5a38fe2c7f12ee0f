package io.kemu.journal.scan;

import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JournalScannerTest {

    static final class Collector implements JournalScanner.Listener {
        final List<Transaction> transactions = new ArrayList<>();
        final List<ScanProblem> problems = new ArrayList<>();
        final List<Long> duplicates = new ArrayList<>();

        @Override
        public void onTransaction(Transaction t) {
            transactions.add(t);
        }

        @Override
        public void onProblem(ScanProblem p) {
            problems.add(p);
        }

        @Override
        public void onDuplicate(long endTransid, long endOffset) {
            duplicates.add(endTransid);
        }
    }

    private static Collector scan(byte[] stream, ScanOptions options, ResumePoint start) {
        Collector c = new Collector();
        JournalScanner s = new JournalScanner(c, options, start);
        s.feed(stream, 0, stream.length);
        s.finish();
        return c;
    }

    private static byte[] payload(Transaction t) {
        return Arrays.copyOfRange(t.data(), Transaction.SUBRECORDS_INDEX, t.length());
    }

    @Test
    void shouldReassembleInterleavedStreamsAndDeliverThemInEndOrder() {
        byte[] a = Vops.create("a", 0644);
        byte[] b = Vops.mkdir("b", 0755);
        StreamWriter w = new StreamWriter(100);
        w.record(StreamId.BEGIN | 0x100, Arrays.copyOfRange(a, 0, 24));
        w.record(StreamId.BEGIN | 0x101, Arrays.copyOfRange(b, 0, 40));
        w.pad(16);
        w.record(0x100, Arrays.copyOfRange(a, 24, 50));
        w.record(StreamId.END | 0x101, Arrays.copyOfRange(b, 40, b.length));
        w.record(StreamId.END | 0x100, Arrays.copyOfRange(a, 50, a.length));
        Collector c = scan(w.toBytes(), ScanOptions.MIRROR, ResumePoint.START);
        assertThat(c.problems).isEmpty();
        assertThat(c.transactions).hasSize(2);
        Transaction first = c.transactions.get(0);
        assertThat(first.streamId()).isEqualTo(0x101);
        assertThat(first.beginTransid()).isEqualTo(102);
        assertThat(first.endTransid()).isEqualTo(107);
        assertThat(first.recordCount()).isEqualTo(2);
        assertThat(payload(first)).isEqualTo(b);
        assertThat(payload(c.transactions.get(1))).isEqualTo(a);
        assertThat(c.transactions.get(1).beginOffset()).isZero();
    }

    @Test
    void shouldKeepTheFirstRecordsHeaderAsLogicalBytesZeroToFifteen() {
        StreamWriter w = new StreamWriter(100);
        w.transaction(0x1234 & StreamId.ID_MASK, new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, 3);
        Collector c = scan(w.toBytes(), ScanOptions.DUMP, ResumePoint.START);
        Transaction t = c.transactions.get(0);
        assertThat(t.data()[0]).isEqualTo((byte) 0x34);
        assertThat(t.data()[1]).isEqualTo((byte) 0x12);
        assertThat(t.length()).isEqualTo(24);
    }

    @Test
    void shouldDeliverAbortedTransactionsMarkedIncludingAnEmptyBeginEndAbortedRecord() {
        StreamWriter w = new StreamWriter(100);
        w.record(StreamId.BEGIN | StreamId.END | StreamId.ABORTED | 0x100, new byte[0]);
        w.record(StreamId.BEGIN | 0x100, Vops.create("x", 0600));
        w.record(StreamId.END | StreamId.ABORTED | 0x100, new byte[0]);
        Collector c = scan(w.toBytes(), ScanOptions.MIRROR, ResumePoint.START);
        assertThat(c.problems).isEmpty();
        assertThat(c.transactions).hasSize(2).allMatch(Transaction::isAborted);
    }

    @Test
    void shouldReportASupersededTransactionWhenABeginArrivesOnAnOpenId() {
        StreamWriter w = new StreamWriter(100);
        w.record(StreamId.BEGIN | 0x100, new byte[8]);
        w.single(Vops.mkdir("d", 0755));
        Collector c = scan(w.toBytes(), ScanOptions.MIRROR, ResumePoint.START);
        assertThat(c.transactions).hasSize(1);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.SUPERSEDED);
            assertThat(p.offset()).isZero();
            assertThat(p.transid()).hasValue(100);
        });
    }

    @Test
    void shouldReportOrphanRecordsWhoseBeginWasNotReceived() {
        StreamWriter w = new StreamWriter(100);
        w.record(0x100, new byte[8]);
        w.record(StreamId.END | 0x100, new byte[8]);
        Collector c = scan(w.toBytes(), ScanOptions.MIRROR, ResumePoint.START);
        assertThat(c.transactions).isEmpty();
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.ORPHAN);
            assertThat(p.message()).contains("2 raw records");
        });
    }

    @Test
    void shouldReportATransactionLeftOpenAtTheEndOfInput() {
        StreamWriter w = new StreamWriter(100);
        w.single(Vops.mkdir("d", 0755));
        w.record(StreamId.BEGIN | 0x101, new byte[8]);
        Collector c = scan(w.toBytes(), ScanOptions.MIRROR, ResumePoint.START);
        assertThat(c.transactions).hasSize(1);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.INCOMPLETE);
            assertThat(p.transid()).hasValue(102);
        });
    }

    @Test
    void shouldDropATransactionThatOutgrowsTheLimitAndKeepScanning() {
        ScanOptions small = ScanOptions.MIRROR.withLimits(new ScanLimits(1000, 2000));
        StreamWriter w = new StreamWriter(100);
        w.transaction(0x100, new byte[1600], 400, 800, 1200);
        w.single(Vops.mkdir("d", 0755));
        Collector c = scan(w.toBytes(), small, ResumePoint.START);
        assertThat(c.transactions).hasSize(1);
        assertThat(c.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.TRANSACTION_TOO_LARGE);
            assertThat(p.offset()).isZero();
        });
    }

    @Test
    void shouldHoldTheWatermarkBelowTheOldestOpenTransaction() {
        Collector c = new Collector();
        JournalScanner s = new JournalScanner(c, ScanOptions.MIRROR, ResumePoint.START);
        StreamWriter w = new StreamWriter(100);
        w.record(StreamId.BEGIN | 0x101, new byte[8]);
        w.single(Vops.mkdir("d", 0755));
        byte[] all = w.toBytes();
        s.feed(all, 0, all.length);
        assertThat(s.completedThrough()).isEqualTo(99);
        assertThat(s.resumePoint().finishedAbove()).containsExactly(102L);
        StreamWriter tail = new StreamWriter(104);
        tail.record(StreamId.END | 0x101, new byte[8]);
        byte[] t = tail.toBytes();
        s.feed(t, 0, t.length);
        assertThat(s.completedThrough()).isEqualTo(104);
        assertThat(s.resumePoint().finishedAbove()).isEmpty();
    }

    @Test
    void shouldSkipAReplayedStreamWithinOneRun() {
        StreamWriter w = new StreamWriter(100);
        w.single(Vops.mkdir("a", 0755));
        w.single(Vops.mkdir("b", 0755));
        byte[] once = w.toBytes();
        byte[] twice = new byte[once.length * 2];
        System.arraycopy(once, 0, twice, 0, once.length);
        System.arraycopy(once, 0, twice, once.length, once.length);
        Collector c = new Collector();
        JournalScanner s = new JournalScanner(c, ScanOptions.MIRROR, ResumePoint.START);
        s.feed(twice, 0, twice.length);
        s.finish();
        assertThat(c.transactions).hasSize(2);
        assertThat(s.duplicateRecords()).isEqualTo(2);
        assertThat(c.problems).isEmpty();
    }

    @Test
    void shouldRecogniseTheTailOfAFinishedTransactionAfterARestartAsADuplicate() {
        StreamWriter w = new StreamWriter(100);
        w.record(StreamId.BEGIN | 0x101, new byte[8]);
        w.record(StreamId.BEGIN | 0x100, new byte[8]);
        w.record(StreamId.END | 0x101, new byte[8]);
        w.record(StreamId.END | 0x100, new byte[8]);
        byte[] all = w.toBytes();
        Collector first = new Collector();
        JournalScanner s = new JournalScanner(first, ScanOptions.MIRROR, ResumePoint.START);
        s.feed(all, 0, 32 * 3);
        ResumePoint saved = s.resumePoint();
        assertThat(saved.watermark()).isEqualTo(101);
        assertThat(saved.finishedAbove()).containsExactly(104L);

        Collector second = scan(all, ScanOptions.MIRROR, saved);
        assertThat(second.problems).isEmpty();
        assertThat(second.duplicates).containsExactly(104L);
        assertThat(second.transactions).singleElement().satisfies(t -> assertThat(t.endTransid()).isEqualTo(106));
    }

    @Test
    void shouldDeliverControlStreamsAsTransactions() {
        StreamWriter w = new StreamWriter(100);
        w.record(StreamId.BEGIN | StreamId.END | StreamId.DISCONT, Vops.associate());
        Collector c = scan(w.toBytes(), ScanOptions.MIRROR, ResumePoint.START);
        assertThat(c.transactions).singleElement().satisfies(t -> {
            assertThat(t.isControl()).isTrue();
            assertThat(t.length()).isEqualTo(24);
        });
    }
}
