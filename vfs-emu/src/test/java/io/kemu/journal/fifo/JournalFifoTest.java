package io.kemu.journal.fifo;

import static io.kemu.journal.wire.RawRecordHeaderDescriptor.begmagic;
import static io.kemu.journal.wire.RawRecordHeaderDescriptor.recsize;
import static io.kemu.journal.wire.RawRecordHeaderDescriptor.streamId;
import static io.kemu.journal.wire.RawRecordHeaderDescriptor.transid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.StreamId;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class JournalFifoTest {
    private static final WriteSink DISCARD = (ring, offset, length) -> { };

    @Test
    void shouldStampTransidsTwoApartAndMarkReservationsIncomplete() {
        final JournalFifo fifo = new JournalFifo(1024, 100, false);
        final int a = fifo.reserve(0x100, 8);
        final int b = fifo.reserve(0x101, 8);
        assertThat(transid(fifo.memory(), a)).isEqualTo(100);
        assertThat(transid(fifo.memory(), b)).isEqualTo(102);
        assertThat(begmagic(fifo.memory(), a)).isEqualTo(RawRecordHeaderDescriptor.INCOMPLETEMAGIC);
        assertThat(streamId(fifo.memory(), a)).isEqualTo(0x100 | StreamId.BEGIN);
        assertThat(fifo.windex()).isEqualTo(64);
    }

    @Test
    void shouldPadToEndWhenRecordDoesNotFit() {
        final JournalFifo fifo = new JournalFifo(128, 10, false);
        fifo.commit(fifo.reserve(0x100, 56), -1, true);
        fifo.drain(DISCARD);
        final int record = fifo.reserve(0x100, 40);
        assertThat(record).isZero();
        assertThat(streamId(fifo.memory(), 80)).isEqualTo(StreamId.PAD_RECORD);
        assertThat(recsize(fifo.memory(), 80)).isEqualTo(48);
        assertThat(transid(fifo.memory(), 80)).isEqualTo(12);
        assertThat(transid(fifo.memory(), 0)).isEqualTo(13);
        assertThat(fifo.transid()).isEqualTo(15);
    }

    @Test
    void shouldGiveA16BytePadItsTrailerAsTransid() {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final int record = fifo.reserve(0x100, 40);
        fifo.reserve(0x101, 0);
        fifo.commit(record, 24, true);
        assertThat(streamId(fifo.memory(), 48)).isEqualTo(StreamId.PAD_RECORD);
        assertThat(transid(fifo.memory(), 48)).isEqualTo(68719529455L);
    }

    @Test
    void shouldBackIndexATruncatingCommitAtTheWriteIndex() {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final int record = fifo.reserve(0x100, 200);
        assertThat(fifo.windex()).isEqualTo(224);
        fifo.commit(record, 8, true);
        assertThat(fifo.windex()).isEqualTo(32);
    }

    @Test
    void shouldNotBackIndexARecordEndingExactlyAtTheRingEnd() {
        final JournalFifo fifo = new JournalFifo(128, 1, false);
        final int record = fifo.reserve(0x100, 104);
        assertThat(fifo.windex()).isEqualTo(128);
        fifo.commit(record, 0, true);
        assertThat(fifo.windex()).isEqualTo(128);
        assertThat(streamId(fifo.memory(), 32)).isEqualTo(StreamId.PAD_RECORD);
    }

    @Test
    void shouldRetractAnAbortedRecordAtTheWriteIndexAndMarkOthersAborted() {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final int first = fifo.reserve(0x100, 8);
        final int second = fifo.reserve(0x101, 8);
        fifo.abort(second);
        assertThat(fifo.windex()).isEqualTo(32);
        fifo.reserve(0x102, 8);
        fifo.abort(first);
        assertThat(streamId(fifo.memory(), first))
                .isEqualTo(0x100 | StreamId.BEGIN | StreamId.END | StreamId.ABORTED);
        assertThat(begmagic(fifo.memory(), first)).isEqualTo(RawRecordHeaderDescriptor.BEGMAGIC);
    }

    @Test
    void shouldNeverWritePastAnIncompleteRecord() {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final int a = fifo.reserve(0x100, 8);
        final int b = fifo.reserve(0x101, 8);
        fifo.commit(b, -1, true);
        assertThat(fifo.drain(DISCARD).bytes()).isZero();
        fifo.commit(a, -1, true);
        assertThat(fifo.drain(DISCARD)).isEqualTo(new DrainResult(1, 64));
    }

    @Test
    void shouldReportBlockedWithOnlyTheStallCountedWhenFull() {
        final JournalFifo fifo = new JournalFifo(128, 1, true);
        fifo.reserve(0x100, 80);
        final FifoState before = fifo.state();
        assertThat(fifo.reserve(0x101, 40)).isEqualTo(JournalFifo.BLOCKED);
        assertThat(fifo.fifostalls()).isEqualTo(1);
        assertThat(fifo.writerWaiting()).isTrue();
        assertThat(fifo.state()).isEqualTo(new FifoState(128, before.windex(), before.rindex(), before.xindex(),
                before.transid(), before.totalAcked(), 1));
    }

    @Test
    void shouldRetryAReservationWhenTheStallHandlerFreesSpace() {
        final JournalFifo fifo = new JournalFifo(128, 1, false);
        fifo.commit(fifo.reserve(0x100, 80), -1, true);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        fifo.stallHandler(f -> {
            final int before = f.xindex();
            f.drain(out::write);
            return f.xindex() != before;
        });
        assertThat(fifo.reserve(0x101, 40)).isNotEqualTo(JournalFifo.BLOCKED);
        assertThat(out.size()).isEqualTo(112);
        assertThat(fifo.fifostalls()).isEqualTo(1);
    }

    @Test
    void shouldWakeTheWriterWhenMoreThanHalfFull() {
        final JournalFifo fifo = new JournalFifo(1024, 1, true);
        assertThat(fifo.commit(fifo.reserve(0x100, 100), -1, true)).isFalse();
        assertThat(fifo.commit(fifo.reserve(0x100, 400), -1, true)).isTrue();
    }

    /**
     * {@code journal_commit_wakeup}: {@code avail < size / 2}, strictly. A ring exactly half full
     * (512 of 1024 bytes used) does not wake the writer; 16 bytes below half neither; the first
     * record past half does.
     */
    @Test
    void shouldNotWakeTheWriterAtExactlyHalfFullButJustPastIt() {
        final JournalFifo belowHalf = new JournalFifo(1024, 1, true);
        assertThat(belowHalf.commit(belowHalf.reserve(0x100, 512 - 16 - 24), -1, true)).isFalse();
        assertThat(belowHalf.used()).isEqualTo(496);

        final JournalFifo fifo = new JournalFifo(1024, 1, true);
        assertThat(fifo.commit(fifo.reserve(0x100, 512 - 24), -1, true)).as("exactly half full").isFalse();
        assertThat(fifo.used()).isEqualTo(512);
        assertThat(fifo.commit(fifo.reserve(0x101, 0), -1, true)).as("32 bytes past half").isTrue();
        assertThat(fifo.used()).isEqualTo(544);
    }

    @Test
    void shouldWakeTheWriterBelowHalfFullOnceAReservationHasWaitedAndNotAfterItIsServed() {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final int first = fifo.reserve(0x100, 100);
        assertThat(fifo.reserve(0x101, 1000 - 24)).isEqualTo(JournalFifo.BLOCKED);
        assertThat(fifo.writerWaiting()).isTrue();
        assertThat(fifo.commit(first, -1, true)).as("a producer waits for space").isTrue();
        fifo.drain(DISCARD);
        assertThat(fifo.writerWaiting()).isFalse();
        assertThat(fifo.commit(fifo.reserve(0x102, 8), -1, true)).as("nobody waits, a quarter full").isFalse();
    }

    @Test
    void shouldSayWhetherAnAbortWakesTheWriter() {
        final JournalFifo fifo = new JournalFifo(1024, 1, true);
        final int head = fifo.reserve(0x100, 8);
        assertThat(fifo.abort(head)).as("back-indexed: nothing committed, nothing to wake").isFalse();
        assertThat(fifo.windex()).isZero();
        final int big = fifo.reserve(0x100, 600);
        fifo.reserve(0x101, 8);
        assertThat(fifo.abort(big)).as("committed ABORTED with the ring more than half full").isTrue();
        assertThat(streamId(fifo.memory(), big)).isEqualTo(0x100 | StreamId.BEGIN | StreamId.END | StreamId.ABORTED);

        final JournalFifo quiet = new JournalFifo(1024, 1, true);
        final int small = quiet.reserve(0x100, 8);
        quiet.reserve(0x101, 8);
        assertThat(quiet.abort(small)).as("committed ABORTED, a quarter full, nobody waiting").isFalse();
        assertThat(recsize(quiet.memory(), small)).isEqualTo(24);
    }

    /** The status counters mountctl reports, as differences of the three indices. */
    @Test
    void shouldCountUsedUnsentAndUnackedBytesAndAckedTotals() {
        final JournalFifo fifo = new JournalFifo(1024, 1, true);
        assertThat(fifo.size()).isEqualTo(1024);
        assertThat(fifo.fullDuplex()).isTrue();
        fifo.commit(fifo.reserve(0x100, 8), -1, true);
        fifo.commit(fifo.reserve(0x100, 40), -1, true);
        assertThat(fifo.used()).isEqualTo(96);
        assertThat(fifo.unsent()).isEqualTo(96);
        assertThat(fifo.unacked()).isZero();
        fifo.drain(DISCARD);
        assertThat(fifo.unsent()).isZero();
        assertThat(fifo.unacked()).isEqualTo(96);
        assertThat(fifo.ack(1)).isEqualTo(new AckResult(1, AckResult.Stop.EQUAL));
        assertThat(fifo.totalAcked()).isEqualTo(32);
        assertThat(fifo.used()).isEqualTo(64);
        assertThat(fifo.unacked()).isEqualTo(64);
        assertThat(fifo.ack(100)).isEqualTo(new AckResult(1, AckResult.Stop.EMPTY));
        assertThat(fifo.totalAcked()).isEqualTo(96);
        assertThat(fifo.state()).isEqualTo(new FifoState(1024, 96, 96, 96, 5, 96, 0));
    }

    @Test
    void shouldRestoreASnapshotExceptTheStallCount() {
        final JournalFifo fifo = new JournalFifo(256, 1, false);
        fifo.commit(fifo.reserve(0x100, 8), -1, true);
        final JournalFifo.Snapshot before = fifo.snapshot();
        final byte[] bytes = fifo.memory().clone();
        fifo.commit(fifo.reserve(0x100, 100), -1, true);
        assertThat(fifo.reserve(0x101, 200)).isEqualTo(JournalFifo.BLOCKED);

        fifo.restore(before);

        assertThat(fifo.memory()).isEqualTo(bytes);
        assertThat(fifo.windex()).isEqualTo(32);
        assertThat(fifo.transid()).isEqualTo(3);
        assertThat(fifo.writerWaiting()).isFalse();
        assertThat(fifo.fifostalls()).as("stalls only grow").isEqualTo(1);
    }

    @Test
    void shouldStopAckingAtA16BytePadInFullDuplex() {
        final JournalFifo fifo = new JournalFifo(1024, 1, true);
        final int record = fifo.reserve(0x100, 40);
        final int next = fifo.reserve(0x101, 0);
        fifo.commit(record, 24, true);
        fifo.commit(next, -1, true);
        fifo.drain(DISCARD);
        assertThat(fifo.ack(1)).isEqualTo(new AckResult(1, AckResult.Stop.EQUAL));
        assertThat(fifo.ack(3)).isEqualTo(new AckResult(0, AckResult.Stop.GREATER));
        assertThat(fifo.xindex()).isEqualTo(48);
    }

    @Test
    void shouldReplayUnacknowledgedBytesAfterRewind() {
        final JournalFifo fifo = new JournalFifo(1024, 1, true);
        fifo.commit(fifo.reserve(0x100, 8), -1, true);
        fifo.commit(fifo.reserve(0x100, 8), -1, true);
        fifo.drain(DISCARD);
        fifo.ack(1);
        fifo.rewindToAcked();
        assertThat(fifo.drain(DISCARD)).isEqualTo(new DrainResult(1, 32));
    }

    @Test
    void shouldSendTheSameBytesWhenWritesAreCappedAtRecordBoundaries() {
        final java.util.Random random = new java.util.Random(42);
        final JournalFifo whole = new JournalFifo(4096, 7, false);
        final JournalFifo capped = new JournalFifo(4096, 7, false);
        final ByteArrayOutputStream wholeOut = new ByteArrayOutputStream();
        final ByteArrayOutputStream cappedOut = new ByteArrayOutputStream();
        int cappedWrites = 0;
        for (int round = 0; round < 200; round++) {
            final int records = 1 + random.nextInt(6);
            for (int i = 0; i < records; i++) {
                final int bytes = random.nextInt(300);
                whole.commit(whole.reserve(0x100, bytes), -1, true);
                capped.commit(capped.reserve(0x100, bytes), -1, true);
            }
            whole.drain(wholeOut::write);
            DrainResult pass;
            do {
                pass = capped.drain(cappedOut::write, 100);
                cappedWrites += pass.writes();
            } while (pass.bytes() > 0);
        }
        assertThat(cappedOut.toByteArray()).isEqualTo(wholeOut.toByteArray());
        assertThat(cappedWrites).isGreaterThan(200);
    }

    @Test
    void shouldRejectRingSizesThatAreNotPowersOfTwo() {
        assertThatThrownBy(() -> new JournalFifo(1000, 1, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
    }
}
