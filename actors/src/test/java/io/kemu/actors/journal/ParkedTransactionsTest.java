package io.kemu.actors.journal;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.TransactionProgram;
import io.kemu.journal.wire.RecordType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ParkedTransactionsTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final Duration QUIET = Duration.ofMillis(50);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static List<TransactionProgram> programs(int count, int leafBytes) {
        final List<TransactionProgram> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final TransactionProgram p = new TransactionProgram(0x100 + i);
            p.leaf(RecordType.FILEDATA, new byte[leafBytes]);
            p.done(false);
            out.add(p);
        }
        return out;
    }

    @Test
    void shouldAnswerABatchOnceWhenItsLastTransactionIsInTheRing() {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final ParkedTransactions parked = new ParkedTransactions("j");
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        final List<Long> committed = new ArrayList<>();
        parked.add(programs(3, 100), 7, producer.ref());
        parked.replay(fifo, committed::add);

        final JournalProtocol.Submitted submitted = producer.receiveMessage();
        assertThat(submitted.tag()).isEqualTo(7);
        assertThat(submitted.accepted()).isTrue();
        assertThat(submitted.transactions()).isEqualTo(3);
        assertThat(committed).hasSize(3).isSorted();
        assertThat(parked.isEmpty()).isTrue();
        producer.expectNoMessage(QUIET);
    }

    @Test
    void shouldParkEverythingBehindATransactionThatDoesNotFitAndAskForTheWriter() {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final ParkedTransactions parked = new ParkedTransactions("j");
        final TestProbe<JournalProtocol.Submitted> first = testKit.createTestProbe();
        final TestProbe<JournalProtocol.Submitted> second = testKit.createTestProbe();
        parked.add(programs(3, 400), 1, first.ref());
        parked.add(programs(1, 10), 2, second.ref());

        assertThat(parked.replay(fifo, transid -> { })).as("a producer waits: wake the writer").isTrue();
        assertThat(parked.size()).isEqualTo(2);
        first.expectNoMessage(QUIET);
        second.expectNoMessage(QUIET);

        fifo.drain((ring, offset, length) -> { });
        parked.replay(fifo, transid -> { });
        assertThat(first.receiveMessage().transactions()).isEqualTo(3);
        assertThat(second.receiveMessage().transactions()).isEqualTo(1);
    }

    @Test
    void shouldRefuseEachUnansweredBatchOnceWhenDiscarded() {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final ParkedTransactions parked = new ParkedTransactions("j");
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        parked.add(programs(4, 400), 3, producer.ref());
        parked.replay(fifo, transid -> { });

        assertThat(parked.discardAll("gone")).isEqualTo(2);
        final JournalProtocol.Submitted refused = producer.receiveMessage();
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.error()).isEqualTo("gone");
        producer.expectNoMessage(QUIET);
        assertThat(parked.isEmpty()).isTrue();
    }

    @Test
    void shouldAnswerAnEmptyBatchAtOnce() {
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        new ParkedTransactions("j").add(List.of(), 9, producer.ref());
        assertThat(producer.receiveMessage().accepted()).isTrue();
    }

    @Test
    void shouldCountTimeAsleepForRingSpaceOnlyWhileATransactionWaits() throws InterruptedException {
        final JournalFifo fifo = new JournalFifo(1024, 1, false);
        final ParkedTransactions parked = new ParkedTransactions("j");
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        parked.add(programs(1, 100), 1, producer.ref());
        parked.replay(fifo, transid -> { });
        assertThat(parked.ringWaitNanos()).as("it fitted at once").isZero();

        parked.add(programs(3, 400), 2, producer.ref());
        final long before = System.nanoTime();
        parked.replay(fifo, transid -> { });
        Thread.sleep(20);
        fifo.drain((ring, offset, length) -> { });
        parked.replay(fifo, transid -> { });
        final long awake = System.nanoTime();

        assertThat(parked.isEmpty()).isTrue();
        assertThat(parked.ringWaitNanos()).as("asleep from the full ring to the replay after the drain")
                .isBetween(20_000_000L, awake - before);
        final long total = parked.ringWaitNanos();
        Thread.sleep(5);
        assertThat(parked.ringWaitNanos()).as("nobody waits: the total stands still").isEqualTo(total);
    }
}
