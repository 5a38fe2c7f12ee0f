package io.kemu.journal.scan;

import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scanner's counters, positions and restart bookkeeping, exactly (issue 16, mutation testing),
 * and the difference between the mirror's duplicate filter and a dump, which shows everything.
 */
class JournalScannerCountersTest {

    /** Records everything the scanner reports, every raw record's offset included. */
    static class Collector implements JournalScanner.Listener {
        final List<Transaction> transactions = new ArrayList<>();
        final List<ScanProblem> problems = new ArrayList<>();
        final List<Long> duplicates = new ArrayList<>();
        final List<Long> duplicateOffsets = new ArrayList<>();
        final List<Long> recordOffsets = new ArrayList<>();

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
            duplicateOffsets.add(endOffset);
        }

        @Override
        public void onRecord(RawRecord r) {
            recordOffsets.add(r.offset());
        }
    }

    private static byte[] twice(byte[] once) {
        byte[] two = new byte[once.length * 2];
        System.arraycopy(once, 0, two, 0, once.length);
        System.arraycopy(once, 0, two, once.length, once.length);
        return two;
    }

    @Test
    void shouldCountRecordsPadsDuplicatesAndTransactions() {
        StreamWriter w = new StreamWriter(100);
        w.single(new byte[8]);
        w.pad(16);
        w.record(StreamId.BEGIN | 0x101, new byte[8]);
        w.single(new byte[8]);
        w.record(StreamId.END | 0x101, new byte[8]);
        byte[] once = w.toBytes();
        Collector c = new Collector();
        JournalScanner s = new JournalScanner(c, ScanOptions.MIRROR, ResumePoint.START);
        s.feed(ByteBuffer.wrap(twice(once)));
        s.finish();
        assertThat(c.problems).isEmpty();
        assertThat(c.transactions).hasSize(3);
        assertThat(s.records()).isEqualTo(10);
        assertThat(s.pads()).isEqualTo(2);
        assertThat(s.duplicateRecords()).isEqualTo(4);
        assertThat(s.transactions()).isEqualTo(3);
        assertThat(s.duplicateTransactions()).isZero();
        assertThat(s.newestTransid()).isEqualTo(107);
        assertThat(s.completedThrough()).isEqualTo(107);
        assertThat(c.recordOffsets).hasSize(10).startsWith(0L, 32L, 48L, 80L, 112L, 144L);
        assertThat(s.position()).isEqualTo(2L * once.length);

        Collector d = new Collector();
        JournalScanner dump = new JournalScanner(d, ScanOptions.DUMP, ResumePoint.START);
        byte[] all = twice(once);
        dump.feed(all, 0, all.length);
        dump.finish();
        assertThat(d.transactions).hasSize(6);
        assertThat(dump.duplicateRecords()).isZero();
        assertThat(dump.transactions()).isEqualTo(6);
        assertThat(dump.records()).isEqualTo(10);
    }

    @Test
    void shouldRecogniseACompletedTransactionListedAsFinishedAfterARestart() {
        StreamWriter w = new StreamWriter(100);
        w.record(StreamId.BEGIN | 0x101, new byte[8]);
        w.single(new byte[8]);
        w.record(StreamId.END | 0x101, new byte[8]);
        byte[] all = w.toBytes();
        Collector first = new Collector();
        JournalScanner s = new JournalScanner(first, ScanOptions.MIRROR, ResumePoint.START);
        s.feed(all, 0, 64);
        assertThat(s.openTransactions()).isEqualTo(1);
        ResumePoint saved = s.resumePoint();
        assertThat(saved).isEqualTo(new ResumePoint(99, List.of(102L)));

        Collector again = new Collector();
        JournalScanner r = new JournalScanner(again, ScanOptions.MIRROR, saved);
        assertThat(r.completedThrough()).isEqualTo(99);
        assertThat(r.newestTransid()).isEqualTo(99);
        r.feed(all, 0, all.length);
        r.finish();
        assertThat(again.duplicates).containsExactly(102L);
        assertThat(again.duplicateOffsets).containsExactly(32L);
        assertThat(again.transactions).singleElement().satisfies(t -> assertThat(t.endTransid()).isEqualTo(104));
        assertThat(r.duplicateTransactions()).isEqualTo(1);
        assertThat(r.transactions()).isEqualTo(1);
        assertThat(r.resumePoint()).isEqualTo(new ResumePoint(104, List.of()));

        Collector dumped = new Collector();
        JournalScanner dump = new JournalScanner(dumped, ScanOptions.DUMP, saved);
        dump.feed(all, 0, all.length);
        dump.finish();
        assertThat(dumped.duplicates).isEmpty();
        assertThat(dumped.transactions).hasSize(2);
        assertThat(dump.duplicateTransactions()).isZero();
    }

    @Test
    void shouldReportAnOrphanFragmentWithItsRecordsAndEnd() {
        StreamWriter w = new StreamWriter(100);
        w.record(0x100, new byte[8]);
        w.record(StreamId.END | 0x100, new byte[8]);
        Collector c = new Collector();
        JournalScanner s = new JournalScanner(c, ScanOptions.MIRROR, ResumePoint.START);
        byte[] all = w.toBytes();
        s.feed(all, 0, all.length);
        s.finish();
        assertThat(c.problems).singleElement().hasToString("ORPHAN offset 0 transid 0x0000000000000064: stream 0x0100:"
                + " 2 raw records up to the END at offset 32 belong to a transaction whose BEGIN was not received;"
                + " dropped");
        assertThat(s.completedThrough()).isEqualTo(102);
        assertThat(s.resumePoint().finishedAbove()).isEmpty();
        assertThat(s.transactions()).isZero();
        assertThat(c.duplicates).isEmpty();
    }

    @Test
    void shouldLetADumpsWatermarkFallBelowAnOlderTransactionStillOpen() {
        StreamWriter w = new StreamWriter(0);
        w.recordWithTransid(StreamId.BEGIN | StreamId.END | 0x100, new byte[8], 30);
        w.recordWithTransid(StreamId.BEGIN | StreamId.END | 0x100, new byte[8], 20);
        w.recordWithTransid(StreamId.BEGIN | 0x101, new byte[8], 24);
        byte[] all = w.toBytes();

        Collector d = new Collector();
        JournalScanner dump = new JournalScanner(d, ScanOptions.DUMP, ResumePoint.START);
        dump.feed(all, 0, 64);
        assertThat(dump.completedThrough()).isEqualTo(30);
        assertThat(dump.resumePoint()).isEqualTo(new ResumePoint(30, List.of()));
        dump.feed(all, 64, all.length - 64);
        assertThat(d.transactions).hasSize(2);
        assertThat(dump.newestTransid()).isEqualTo(30);
        assertThat(dump.completedThrough()).isEqualTo(23);

        Collector m = new Collector();
        JournalScanner mirror = new JournalScanner(m, ScanOptions.MIRROR, ResumePoint.START);
        mirror.feed(all, 0, all.length);
        assertThat(m.transactions).hasSize(1);
        assertThat(mirror.duplicateRecords()).isEqualTo(2);
        assertThat(mirror.completedThrough()).isEqualTo(30);
        assertThat(mirror.openTransactions()).isZero();
    }

    @Test
    void shouldNameOffsetsFromTheStartOffsetAndShowWhatIsPending() {
        StreamWriter w = new StreamWriter(7);
        w.single(new byte[8]);
        w.single(new byte[100]);
        byte[] all = w.toBytes();
        Collector c = new Collector();
        JournalScanner s = new JournalScanner(c, ScanOptions.MIRROR, ResumePoint.START, 4096);
        assertThat(s.position()).isEqualTo(4096);
        s.feed(all, 0, 40);
        assertThat(s.position()).isEqualTo(4128);
        assertThat(s.pendingBytes()).isEqualTo(8);
        assertThat(s.records()).isEqualTo(1);
        s.feed(all, 40, all.length - 40);
        s.finish();
        assertThat(c.transactions).extracting(Transaction::beginOffset).containsExactly(4096L, 4128L);
        assertThat(c.recordOffsets).containsExactly(4096L, 4128L);
        assertThat(s.pendingBytes()).isZero();
        assertThat(s.completedThrough()).isEqualTo(9);
    }
    @Test
    void shouldCountATransactionFinishedWhenItsCallbackRuns() {
        StreamWriter w = new StreamWriter(100);
        w.single(new byte[8]);
        byte[] all = w.toBytes();
        List<ResumePoint> seen = new ArrayList<>();
        JournalScanner[] s = new JournalScanner[1];
        Collector c = new Collector() {
            @Override
            public void onTransaction(Transaction t) {
                seen.add(s[0].resumePoint());
            }
        };
        s[0] = new JournalScanner(c, ScanOptions.MIRROR, ResumePoint.START);
        s[0].feed(all, 0, all.length);
        assertThat(seen).containsExactly(new ResumePoint(100, List.of()));
    }

    @Test
    void shouldListAnOrphanFragmentsEndAsFinishedBehindAnOpenTransactionAndRecogniseItAfterARestart() {
        StreamWriter w = new StreamWriter(100);
        w.record(StreamId.BEGIN | 0x101, new byte[8]);
        w.record(StreamId.END | 0x102, new byte[8]);
        w.record(StreamId.END | 0x101, new byte[8]);
        byte[] all = w.toBytes();
        Collector c = new Collector();
        JournalScanner s = new JournalScanner(c, ScanOptions.MIRROR, ResumePoint.START);
        s.feed(all, 0, 64);
        assertThat(c.problems).singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo(ProblemKind.ORPHAN));
        ResumePoint saved = s.resumePoint();
        assertThat(saved).isEqualTo(new ResumePoint(99, List.of(102L)));

        Collector again = new Collector();
        JournalScanner r = new JournalScanner(again, ScanOptions.MIRROR, saved);
        r.feed(all, 0, all.length);
        r.finish();
        assertThat(again.problems).isEmpty();
        assertThat(again.duplicates).containsExactly(102L);
        assertThat(again.duplicateOffsets).containsExactly(32L);
        assertThat(r.duplicateTransactions()).isEqualTo(1);
        assertThat(r.transactions()).isEqualTo(1);
    }
}
