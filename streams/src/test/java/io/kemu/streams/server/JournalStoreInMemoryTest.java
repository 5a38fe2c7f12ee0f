package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.streams.server.JournalTargetServer.TargetSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store over an in-memory file with an injected clock (the simulated target of the deterministic
 * thread model): durable once written, and every decision by time — the session wait's retries,
 * its deadline, the slow-record cut — taken on the clock and timer it was given, never on the wall
 * clock or a JDK timer thread.
 */
class JournalStoreInMemoryTest {
    @TempDir
    static Path shared;
    private static RecordedJournal journal;

    @BeforeAll
    static void record() throws IOException {
        journal = RecordedJournal.record(5, 600, shared);
    }

    /** A clock that moves only when told, and a timer that only queues: the test fires what is due. */
    private static final class ManualClock implements TargetClock {
        record Scheduled(long dueNanos, Runnable task) {}

        long now = 1_000_000_000L;
        final List<Scheduled> scheduled = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
            scheduled.add(new Scheduled(now + delay.toNanos(), task));
        }

        /** Moves to the first timer's due time and runs it. */
        void fireNext() {
            final Scheduled next = scheduled.remove(0);
            now = Math.max(now, next.dueNanos());
            next.task().run();
        }
    }

    private static TargetSettings settings(Duration recordTimeout, Duration sessionWait) {
        final TargetSettings d = TargetSettings.DEFAULT;
        return new TargetSettings(d.maxBatchBytes(), d.ackInterval(), d.maxRecordBytes(), d.maxBufferedBytes(),
                d.maxConnections(), d.idleTimeout(), recordTimeout, sessionWait);
    }

    @Test
    void shouldStoreAndAcknowledgeAtOnceWithoutAnFsyncAndCopyOutTheJournal(@TempDir Path tmp) throws IOException {
        final ManualClock clock = new ManualClock();
        try (JournalStore store = JournalStore.inMemory("mem", 1 << 24, clock);
             JournalStore.Connection c = store.connection("journal")) {
            final JournalStore.Receipt receipt = c.receive(List.of(ByteBuffer.wrap(journal.stream())));
            assertThat(store.durable(receipt.requiredLength())).isCompleted();
            assertThat(receipt.transid()).isEqualTo(journal.records().get(journal.records().size() - 1).transid());
            assertThat(store.forces()).isZero();
            assertThat(store.durableLength()).isEqualTo(journal.stream().length);
            assertThat(store.file()).isNull();
            store.copyTo(tmp.resolve("out"));
            assertThat(Files.readAllBytes(tmp.resolve("out"))).isEqualTo(journal.stream());
            assertThat(clock.scheduled).isEmpty();
        }
    }

    @Test
    void shouldFailTheConnectionWhenTheJournalOutgrowsTheInMemoryFile() throws IOException {
        try (JournalStore store = JournalStore.inMemory("small", 4096, new ManualClock());
             JournalStore.Connection c = store.connection("journal")) {
            assertThatThrownBy(() -> c.receive(List.of(ByteBuffer.wrap(journal.stream())))).isInstanceOf(IOException.class)
                    .hasMessageContaining("4096-byte limit");
            assertThat(store.bytesStored()).isLessThanOrEqualTo(4096);
        }
    }

    @Test
    void shouldRetryTheSessionWaitOnTheSuppliedTimerAndTakeTheSessionOnceFree() throws Exception {
        final ManualClock clock = new ManualClock();
        try (JournalStore store = JournalStore.inMemory("mem", 1 << 20, clock)) {
            final JournalStore.Connection first = store.connection("first");
            final CompletableFuture<JournalStore.Connection> waiting = store.connectionWhenFree("second",
                    settings(Duration.ofMinutes(1), Duration.ofSeconds(1)));
            assertThat(waiting).isNotDone();
            assertThat(clock.scheduled).as("the retry is on the supplied timer").hasSize(1);
            assertThat(clock.scheduled.get(0).dueNanos() - clock.now).isEqualTo(Duration.ofMillis(20).toNanos());
            clock.fireNext();
            assertThat(waiting).isNotDone();
            first.close();
            clock.fireNext();
            assertThat(waiting).isCompleted();
            waiting.get().close();
            assertThat(clock.scheduled).isEmpty();
        }
    }

    @Test
    void shouldGiveUpTheSessionWaitWhenTheSuppliedClockPassesItsDeadline() throws IOException {
        final ManualClock clock = new ManualClock();
        try (JournalStore store = JournalStore.inMemory("mem", 1 << 20, clock)) {
            final JournalStore.Connection first = store.connection("first");
            final CompletableFuture<JournalStore.Connection> waiting = store.connectionWhenFree("second",
                    settings(Duration.ofMinutes(1), Duration.ofMillis(50)));
            clock.fireNext();
            clock.fireNext();
            assertThat(waiting).isNotDone();
            clock.fireNext();
            assertThat(clock.now - 1_000_000_000L).isEqualTo(Duration.ofMillis(60).toNanos());
            assertThatThrownBy(waiting::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(StreamRefusedException.class);
            assertThat(clock.scheduled).isEmpty();
            first.close();
        }
    }

    @Test
    void shouldCutASlowRecordByTheSuppliedClockOnly() throws IOException {
        final ManualClock clock = new ManualClock();
        final byte[] stream = journal.slice(0, 2);
        try (JournalStore store = JournalStore.inMemory("mem", 1 << 20, clock);
             JournalStore.Connection c = store.connection("slow", settings(Duration.ofSeconds(30), Duration.ZERO))) {
            c.receive(List.of(ByteBuffer.wrap(stream, 0, 10)));
            clock.now += Duration.ofSeconds(30).toNanos();
            c.receive(List.of());
            clock.now += 1;
            assertThatThrownBy(() -> c.receive(List.of())).isInstanceOf(StreamRefusedException.class)
                    .hasMessageContaining("incomplete for more than 30000 ms");
        }
    }
}
