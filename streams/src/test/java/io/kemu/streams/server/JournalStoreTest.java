package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStoreTest {
    @TempDir
    static Path shared;
    private static RecordedJournal journal;

    @BeforeAll
    static void record() throws IOException {
        journal = RecordedJournal.record(7, 3000, shared);
    }

    private static int middle() {
        return journal.records().size() / 2;
    }

    @Test
    void shouldAcknowledgeAReplayedPrefixButStoreItOnce(@TempDir Path tmp) throws IOException {
        final byte[] stream = journal.stream();
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            final long ackFirst;
            try (JournalStore.Connection first = store.connection("first")) {
                ackFirst = first.receiveDurably(Arrays.copyOf(stream, stream.length / 2 + 7));
            }
            try (JournalStore.Connection second = store.connection("second")) {
                assertThat(second.receiveDurably(stream)).isGreaterThan(ackFirst);
            }
            assertThat(store.duplicatesSkipped()).isPositive();
        }
        assertThat(Files.readAllBytes(tmp.resolve("j"))).isEqualTo(stream);
    }

    /**
     * A stored prefix that ends with a pad, replayed from a record before it: the replay reaches the
     * end of the store's records, then sends the pad the store already holds. It must not be stored
     * twice (the stored file stays the journal's bytes).
     */
    @Test
    void shouldStoreAPadOnceWhenAReplayReachesItAgain(@TempDir Path tmp) throws IOException {
        final List<RecordedJournal.Record> records = journal.records();
        int pad = -1;
        for (int i = 2; i < records.size() - 1 && pad < 0; i++) {
            if (records.get(i).pad() && !records.get(i - 1).pad()) {
                pad = i;
            }
        }
        assertThat(pad).as("the recorded journal has a pad after a record").isPositive();
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            try (JournalStore.Connection first = store.connection("first")) {
                first.receiveDurably(journal.slice(0, pad + 1));
            }
            try (JournalStore.Connection second = store.connection("second")) {
                second.receiveDurably(journal.slice(pad - 1, records.size()));
            }
        }
        assertThat(Files.readAllBytes(tmp.resolve("j"))).isEqualTo(journal.stream());
    }

    /** Issue 10 defect 1: one record with transid 2^63-1 made every later real record look replayed. */
    @Test
    void shouldNeverLetAPoisonTransidAckAwayRealRecords(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        try (JournalStore store = JournalStore.open(file, null)) {
            try (JournalStore.Connection poison = store.connection("poison")) {
                catchThrowable(() -> poison.receiveDurably(journal.forged(3, Long.MAX_VALUE)));
            }
            final long firstAck;
            try (JournalStore.Connection sender = store.connection("sender")) {
                firstAck = sender.receiveDurably(journal.slice(0, middle()));
            }
            journal.assertStoredThrough(firstAck, file);
            try (JournalStore.Connection poison = store.connection("poison")) {
                catchThrowable(() -> poison.receiveDurably(journal.forged(middle() + 1, Long.MAX_VALUE)));
            }
            try (JournalStore.Connection sender = store.connection("sender")) {
                final long ack = sender.receiveDurably(journal.slice(middle() - 10, journal.records().size()));
                journal.assertStoredThrough(ack, file);
                assertThat(ack).isEqualTo(journal.records().get(journal.records().size() - 1).transid());
            }
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(journal.stream());
    }

    @Test
    void shouldRefuseAnEmptyStoreAStreamThatIsNotAJournalsBeginning(@TempDir Path tmp) throws IOException {
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null);
                JournalStore.Connection poison = store.connection("poison")) {
            assertThatThrownBy(() -> poison.receiveDurably(journal.forged(3, Long.MAX_VALUE)))
                    .isInstanceOf(StreamRefusedException.class)
                    .hasMessageContaining("expects a journal's first record (ASSOCIATE)");
            assertThat(store.recordsStored()).isZero();
        }
        assertThat(Files.size(tmp.resolve("j"))).isZero();
    }

    @Test
    void shouldKeepItsJournalAcrossReopening(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        try (JournalStore store = JournalStore.open(file, null);
                JournalStore.Connection c = store.connection("a")) {
            c.receiveDurably(journal.slice(0, middle()));
        }
        try (JournalStore store = JournalStore.open(file, null)) {
            assertThat(store.highestStored()).isEqualTo(journal.records().get(middle() - 1).transid());
            try (JournalStore.Connection c = store.connection("b")) {
                c.receiveDurably(journal.stream());
            }
            assertThat(store.duplicatesSkipped()).isEqualTo(journal.records().subList(0, middle()).stream()
                    .filter(r -> !r.pad()).count());
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(journal.stream());
    }

    @Test
    void shouldRefuseASecondConcurrentSession(@TempDir Path tmp) throws IOException {
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            final JournalStore.Connection first = store.connection("first");
            assertThatThrownBy(() -> store.connection("second"))
                    .isInstanceOf(StreamRefusedException.class)
                    .hasMessageContaining("already serves a journal session from first");
            first.close();
            store.connection("third").close();
        }
    }

    @Test
    void shouldRefuseAStreamThatSkipsAheadOrReplaysOtherBytes(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        try (JournalStore store = JournalStore.open(file, null)) {
            try (JournalStore.Connection c = store.connection("a")) {
                c.receiveDurably(journal.slice(0, middle()));
            }
            try (JournalStore.Connection gap = store.connection("gap")) {
                assertThatThrownBy(() -> gap.receiveDurably(journal.slice(middle() + 600, journal.records().size())))
                        .isInstanceOf(StreamRefusedException.class)
                        .hasMessageContaining("neither holds nor expects");
            }
            final byte[] other = journal.slice(middle() - 5, middle() + 5);
            other[20] ^= 1;
            try (JournalStore.Connection changed = store.connection("changed")) {
                assertThatThrownBy(() -> changed.receiveDurably(other)).isInstanceOf(StreamRefusedException.class)
                        .hasMessageContaining("diverges");
            }
            assertThat(store.recordsStored()).isEqualTo(journal.records().subList(0, middle()).stream()
                    .filter(r -> !r.pad()).count());
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(journal.slice(0, middle()));
    }

    @Test
    void shouldCutOffAnIncompleteRecordLeftByACrashAndGoOn(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        final byte[] prefix = journal.slice(0, middle());
        Files.write(file, Arrays.copyOf(journal.stream(), prefix.length + 40));
        try (JournalStore store = JournalStore.open(file, null);
                JournalStore.Connection c = store.connection("again")) {
            c.receiveDurably(journal.slice(middle() - 3, journal.records().size()));
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(journal.stream());
    }

    @Test
    void shouldRefuseGarbageNamingTheOffset(@TempDir Path tmp) throws IOException {
        final byte[] garbage = new byte[4096];
        Arrays.fill(garbage, (byte) 0x99);
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null);
                JournalStore.Connection connection = store.connection("peer")) {
            assertThatThrownBy(() -> connection.receiveDurably(garbage))
                    .isInstanceOf(MalformedJournalStreamException.class)
                    .hasMessageStartingWith("peer: GARBAGE offset 0");
        }
        assertThat(Files.size(tmp.resolve("j"))).isZero();
    }

    @Test
    void shouldRefuseARecordOverTheLimitBeforeBufferingIt(@TempDir Path tmp) throws IOException {
        final byte[] header = new byte[64];
        RawRecordHeaderDescriptor.begmagic(header, 0, 0x1234);
        RawRecordHeaderDescriptor.streamId(header, 0, 0xC100);
        RawRecordHeaderDescriptor.recsize(header, 0, 100 << 20);
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            try (JournalStore.Connection big = store.connection("big")) {
                assertThatThrownBy(() -> big.receiveDurably(header))
                        .isInstanceOf(StreamRefusedException.class)
                        .hasMessageContaining("exceeds the target's limit");
                assertThat(big.pendingBytes()).isZero();
            }
            assertThat(store.bufferedBytes()).isZero();
        }
    }
}
