package io.kemu.journal.jrecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;

/**
 * What a recorded transaction tells its owner: its stream id, payload size and abort flag, that it
 * is sealed once and replayed only when sealed, and whether its replay's final commit asked for the
 * writer ({@code journal_commit_wakeup}: more than half full).
 */
class TransactionProgramStateTest {
    private static TransactionProgram program(int streamId, int leafBytes, boolean abort) {
        final TransactionProgram p = new TransactionProgram(streamId);
        p.push(0x10);
        p.leaf(0x11, new byte[leafBytes]);
        p.leaf(0x12, new byte[3]);
        p.pop();
        p.done(abort);
        return p;
    }

    @Test
    void shouldDescribeWhatWasRecorded() {
        final TransactionProgram p = program(0x105, 100, false);
        assertThat(p.streamId()).isEqualTo(0x105);
        assertThat(p.dataBytes()).isEqualTo(103);
        assertThat(p.aborted()).isFalse();
        assertThat(program(0x106, 0, true).aborted()).isTrue();
    }

    @Test
    void shouldBeSealedOnceAndReplayedOnlyWhenSealed() {
        final TransactionProgram open = new TransactionProgram(0x100);
        open.leaf(0x11, new byte[4]);
        assertThatThrownBy(() -> open.runOn(new JournalFifo(1024, 1, false))).isInstanceOf(IllegalStateException.class);
        open.done(false);
        assertThatThrownBy(() -> open.done(false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> open.leaf(0x11, new byte[1])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldReportWhetherTheFinalCommitWokeTheWriter() {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final TransactionProgram small = program(0x100, 40, false);
        assertThat(small.runOn(fifo)).isEqualTo(TransactionProgram.Progress.DONE);
        assertThat(small.wakeupRequested()).as("a small record in a 1 KiB ring").isFalse();
        final TransactionProgram big = program(0x101, 600, false);
        assertThat(big.runOn(fifo)).isEqualTo(TransactionProgram.Progress.DONE);
        assertThat(big.wakeupRequested()).as("past half full").isTrue();
        assertThat(RawRecordHeaderDescriptor.streamId(fifo.memory(), 0) & StreamId.END).isNotZero();
    }

    @Test
    void shouldStayBlockedUntilTheRingHasRoomAndThenFinish() {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final TransactionProgram first = program(0x100, 700, false);
        assertThat(first.runOn(fifo)).isEqualTo(TransactionProgram.Progress.DONE);
        final TransactionProgram second = program(0x101, 700, false);
        assertThat(second.runOn(fifo)).isEqualTo(TransactionProgram.Progress.BLOCKED);
        assertThat(second.runOn(fifo)).isEqualTo(TransactionProgram.Progress.BLOCKED);
        fifo.drain((ring, offset, length) -> { });
        assertThat(second.runOn(fifo)).isEqualTo(TransactionProgram.Progress.DONE);
        assertThat(second.wakeupRequested()).isTrue();
    }
}
