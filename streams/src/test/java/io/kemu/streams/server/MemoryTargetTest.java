package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.kemu.journal.wire.AckRecordDescriptor;
import io.kemu.streams.server.JournalTargetServer.TargetSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The socketless target: the store's session rules and acks behind a delayed link, and its kill switch. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemoryTargetTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    @TempDir
    static Path shared;
    private static RecordedJournal journal;

    @BeforeAll
    static void record() throws IOException {
        journal = RecordedJournal.record(17, 300, shared);
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void shouldStoreTheJournalAndAcknowledgeItsLastTransidThroughADelayedLink() throws Exception {
        final JournalStore store = JournalStore.inMemory("t", 1 << 24, TargetClock.of(testKit.system()));
        final MemoryTarget target = MemoryTarget.create(store, TargetSettings.DEFAULT, "t", Duration.ofMillis(2), 7);
        final List<ByteString> acks = Source.single(ByteString.fromArray(journal.stream()))
                .via(target.connect(testKit.system()))
                .runWith(Sink.seq(), testKit.system())
                .toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertThat(acks).isNotEmpty();
        final byte[] last = acks.get(acks.size() - 1).toArray();
        assertThat(AckRecordDescriptor.transid(last, 0))
                .isEqualTo(journal.records().get(journal.records().size() - 1).transid());
        assertThat(store.bytesStored()).isEqualTo(journal.stream().length);
        assertThat(target.openConnections()).isZero();
        store.close();
    }

    @Test
    void shouldFailEveryOpenConnectionWhenDropped() throws Exception {
        final JournalStore store = JournalStore.inMemory("k", 1 << 20, TargetClock.of(testKit.system()));
        final MemoryTarget target = MemoryTarget.create(store, TargetSettings.DEFAULT, "k", Duration.ZERO, 1);
        final CompletionStage<List<ByteString>> open = Source.single(ByteString.fromArray(journal.slice(0, 2)))
                .concat(Source.<ByteString>maybe().mapMaterializedValue(m -> (CompletableFuture<Optional<ByteString>>) m))
                .via(target.connect(testKit.system()))
                .runWith(Sink.seq(), testKit.system());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (target.openConnections() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        assertThat(target.dropConnections()).isEqualTo(1);
        assertThatThrownBy(() -> open.toCompletableFuture().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("dropped by the target");
        while (target.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(target.openConnections()).isZero();
        assertThat(target.dropConnections()).isZero();
        store.close();
    }
}
