package io.kemu.actors.mount;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.kemu.vfs.jops.JournalId;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BatchTrackerTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final Duration QUIET = Duration.ofMillis(50);
    private static final JournalId A = JournalId.of("a");
    private static final JournalId B = JournalId.of("b");

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void shouldAnswerOnceWhenTheLastJournalHasTheBatch() {
        final BatchTracker tracker = new BatchTracker(4);
        final TestProbe<MountProtocol.Executed> producer = testKit.createTestProbe();
        final long tag = tracker.nextTag();
        final BatchTracker.Batch batch = tracker.open(producer.ref(), 10, 2);
        batch.await(A);
        batch.await(B);
        tracker.track(batch);

        assertThat(tracker.journalDone(tag, A, "")).isFalse();
        producer.expectNoMessage(QUIET);
        assertThat(tracker.journalDone(tag, B, "")).isTrue();
        assertThat(producer.receiveMessage()).isEqualTo(new MountProtocol.Executed(10, 2, ""));
        assertThat(tracker.journalDone(tag, B, "")).as("a late answer").isFalse();
        producer.expectNoMessage(QUIET);
    }

    @Test
    void shouldAnswerABatchNoJournalTookAtOnce() {
        final BatchTracker tracker = new BatchTracker(1);
        final TestProbe<MountProtocol.Executed> producer = testKit.createTestProbe();
        tracker.track(tracker.open(producer.ref(), 3, 0));
        assertThat(producer.receiveMessage().ops()).isEqualTo(3);
        assertThat(tracker.hasRoom()).isTrue();
    }

    @Test
    void shouldHoldBackNewBatchesWhileTheLimitWaitsForRingSpace() {
        final BatchTracker tracker = new BatchTracker(2);
        final TestProbe<MountProtocol.Executed> producer = testKit.createTestProbe();
        for (int i = 0; i < 2; i++) {
            final BatchTracker.Batch batch = tracker.open(producer.ref(), 1, 0);
            batch.await(A);
            tracker.track(batch);
        }
        assertThat(tracker.hasRoom()).isFalse();
        tracker.journalDone(0, A, "");
        assertThat(tracker.hasRoom()).isTrue();
    }

    @Test
    void shouldCarryARefusalAndAnswerForAJournalThatIsGone() {
        final BatchTracker tracker = new BatchTracker(4);
        final TestProbe<MountProtocol.Executed> first = testKit.createTestProbe();
        final TestProbe<MountProtocol.Executed> second = testKit.createTestProbe();
        final BatchTracker.Batch one = tracker.open(first.ref(), 1, 0);
        one.await(A);
        one.await(B);
        tracker.track(one);
        final BatchTracker.Batch two = tracker.open(second.ref(), 1, 0);
        two.await(B);
        tracker.track(two);

        tracker.journalDone(0, A, "journal a is stopping");
        assertThat(tracker.journalGone(B, "journal b stopped unexpectedly")).isEqualTo(2);
        assertThat(first.receiveMessage().refused()).isEqualTo("journal b stopped unexpectedly");
        assertThat(second.receiveMessage().refused()).isEqualTo("journal b stopped unexpectedly");
        assertThat(tracker.inFlight()).isZero();
    }
}
