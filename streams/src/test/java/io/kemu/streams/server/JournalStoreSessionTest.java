package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.RawRecordTrailerDescriptor;
import io.kemu.journal.wire.StreamId;
import io.kemu.journal.wire.SubRecordDescriptor;
import io.kemu.streams.server.JournalTargetServer.TargetSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target store's session rules one by one: where a session may begin (an empty store, a replay,
 * a continuation within the gap, a new journal after DISASSOCIATE), what a live stream must do, the
 * header walker's buffer accounting, the slow-record cut, and what the consumer is told.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalStoreSessionTest {
    private static final long SEED = 20_261_203L;
    @TempDir
    static Path shared;
    private static RecordedJournal journal;

    @BeforeAll
    static void record() throws IOException {
        journal = RecordedJournal.record(3, 1200, shared);
    }

    private static int middle() {
        return journal.records().size() / 2;
    }

    /** The first record at or after {@code i} that is not a pad. */
    private static int nonPadFrom(int i) {
        int at = i;
        while (journal.records().get(at).pad()) {
            at++;
        }
        return at;
    }

    private static long nonPads(int from, int to) {
        return journal.records().subList(from, to).stream().filter(r -> !r.pad()).count();
    }

    private static byte[] concat(byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A well-formed record of {@code recsize} bytes whose payload is {@code payload}, zero-padded. */
    private static byte[] record(int streamId, long transid, int recsize, byte[] payload) {
        final byte[] r = new byte[RawRecordHeaderDescriptor.alignedSize(recsize)];
        RawRecordHeaderDescriptor.begmagic(r, 0, RawRecordHeaderDescriptor.BEGMAGIC);
        RawRecordHeaderDescriptor.streamId(r, 0, streamId);
        RawRecordHeaderDescriptor.recsize(r, 0, recsize);
        RawRecordHeaderDescriptor.transid(r, 0, transid);
        System.arraycopy(payload, 0, r, RawRecordHeaderDescriptor.LENGTH,
                Math.min(payload.length, recsize - RawRecordHeaderDescriptor.OVERHEAD));
        RawRecordTrailerDescriptor.write(r, r.length - RawRecordTrailerDescriptor.LENGTH, recsize);
        return r;
    }

    /** The payload of the journal's first record, its ASSOCIATE. */
    private static byte[] associatePayload() {
        final byte[] first = journal.slice(0, 1);
        final int recsize = RawRecordHeaderDescriptor.recsize(first, 0);
        return Arrays.copyOfRange(first, RawRecordHeaderDescriptor.LENGTH, recsize - RawRecordTrailerDescriptor.LENGTH);
    }

    private static TargetSettings settings(int maxRecord, Duration recordTimeout, Duration sessionWait) {
        final TargetSettings d = TargetSettings.DEFAULT;
        return new TargetSettings(d.maxBatchBytes(), d.ackInterval(), maxRecord, Math.max(maxRecord, d.maxBufferedBytes()),
                d.maxConnections(), d.idleTimeout(), recordTimeout, sessionWait);
    }

    private static JournalStore.Receipt receive(JournalStore.Connection c, byte[] bytes, int from, int to) throws IOException {
        return c.receive(List.of(ByteBuffer.wrap(bytes, from, to - from)));
    }

    @Test
    void shouldTakeOnlyAnAssociateFromAnEmptyStore(@TempDir Path tmp) throws IOException {
        final byte[] payload = associatePayload();
        final int begin = StreamId.BEGIN | StreamId.END | StreamId.DISCONT;
        final int exact = RawRecordHeaderDescriptor.OVERHEAD + SubRecordDescriptor.LENGTH;
        final byte[][] refused = {
            record(begin & ~StreamId.BEGIN, 5, payload.length + RawRecordHeaderDescriptor.OVERHEAD, payload),
            record(StreamId.BEGIN | StreamId.END | StreamId.JMIN, 5, payload.length + RawRecordHeaderDescriptor.OVERHEAD, payload),
            record(begin, 5, exact - 1, payload),
        };
        for (int i = 0; i < refused.length; i++) {
            try (JournalStore store = JournalStore.open(tmp.resolve("r" + i), null);
                    JournalStore.Connection c = store.connection("p")) {
                final byte[] bytes = refused[i];
                assertThatThrownBy(() -> c.receiveDurably(bytes)).as("case %d", i)
                        .isInstanceOf(StreamRefusedException.class).hasMessageContaining("ASSOCIATE");
                assertThat(store.highestStored()).isEqualTo(Long.MIN_VALUE);
            }
        }
        final byte[] shortest = record(begin, 5, exact, payload);
        try (JournalStore store = JournalStore.open(tmp.resolve("ok"), null);
                JournalStore.Connection c = store.connection("p")) {
            assertThat(c.receiveDurably(shortest)).isEqualTo(5);
            assertThat(store.highestStored()).isEqualTo(5);
            assertThat(store.recordsStored()).isEqualTo(1);
            assertThat(store.bytesStored()).isEqualTo(shortest.length);
        }
    }

    @Test
    void shouldContinueWithinTheGapAndRefuseBeyondIt(@TempDir Path tmp) throws IOException {
        final int next = nonPadFrom(middle() + 3);
        for (long over : new long[] {1, JournalStore.CONTINUATION_GAP, JournalStore.CONTINUATION_GAP + 1}) {
            final Path file = tmp.resolve("j" + over);
            try (JournalStore store = JournalStore.open(file, null)) {
                try (JournalStore.Connection c = store.connection("a")) {
                    c.receiveDurably(journal.slice(0, middle()));
                }
                final long last = store.highestStored();
                final byte[] forged = journal.forged(next, last + over);
                try (JournalStore.Connection c = store.connection("b")) {
                    if (over <= JournalStore.CONTINUATION_GAP) {
                        assertThat(c.receiveDurably(forged)).isEqualTo(last + over);
                        assertThat(store.highestStored()).isEqualTo(last + over);
                    } else {
                        assertThatThrownBy(() -> c.receiveDurably(forged)).isInstanceOf(StreamRefusedException.class)
                                .hasMessageContaining("neither holds nor expects").hasMessageContaining("ends at transid");
                        assertThat(store.highestStored()).isEqualTo(last);
                    }
                }
            }
        }
    }

    @Test
    void shouldTakeOnlyANewJournalsAssociateAfterAJournalEnded(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        final long last = journal.records().get(journal.records().size() - 1).transid();
        final byte[] continuation = journal.forged(nonPadFrom(middle()), last + 2);
        try (JournalStore store = JournalStore.open(file, null)) {
            try (JournalStore.Connection c = store.connection("a")) {
                assertThat(c.receiveDurably(journal.stream())).isEqualTo(last);
            }
            try (JournalStore.Connection c = store.connection("b")) {
                assertThatThrownBy(() -> c.receiveDurably(continuation)).isInstanceOf(StreamRefusedException.class)
                        .hasMessageContaining("journal ended at transid " + Long.toHexString(last));
            }
        }
        final byte[] associate = journal.forged(0, last + 5000);
        try (JournalStore store = JournalStore.open(file, null)) {
            assertThat(store.highestStored()).isEqualTo(last);
            try (JournalStore.Connection c = store.connection("b")) {
                assertThatThrownBy(() -> c.receiveDurably(continuation)).as("the end is found again on reopening")
                        .isInstanceOf(StreamRefusedException.class).hasMessageContaining("ended");
            }
            try (JournalStore.Connection c = store.connection("c")) {
                assertThat(c.receiveDurably(associate)).isEqualTo(last + 5000);
            }
            assertThat(store.highestStored()).isEqualTo(last + 5000);
            try (JournalStore.Connection c = store.connection("d")) {
                assertThat(c.receiveDurably(journal.forged(nonPadFrom(middle()), last + 5002))).isEqualTo(last + 5002);
            }
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(concat(journal.stream(), associate,
                journal.forged(nonPadFrom(middle()), last + 5002)));
    }

    @Test
    void shouldRefuseALiveRecordWhoseTransidDoesNotIncreaseButKeepWhatCameBefore(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        final int first = nonPadFrom(1);
        final byte[] stream = concat(journal.slice(0, middle()), journal.forged(nonPadFrom(middle()),
                journal.records().get(first).transid()));
        try (JournalStore store = JournalStore.open(file, null);
                JournalStore.Connection c = store.connection("p")) {
            assertThatThrownBy(() -> c.receiveDurably(stream)).isInstanceOf(StreamRefusedException.class)
                    .hasMessageContaining("does not follow the store's last transid");
            assertThat(store.recordsStored()).isEqualTo(nonPads(0, middle()));
            assertThat(store.bytesStored()).isEqualTo(journal.slice(0, middle()).length);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(journal.slice(0, middle()));
    }

    @Test
    void shouldRefuseAReplayOfAHeldTransidWithOtherBytesOrSize(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        int bigger = -1;
        int smaller = -1;
        for (int i = 1; i + 1 < middle() && (bigger < 0 || smaller < 0); i++) {
            final RecordedJournal.Record r = journal.records().get(i);
            final RecordedJournal.Record s = journal.records().get(i + 1);
            if (!r.pad() && !s.pad() && r.size() != s.size()) {
                bigger = r.size() > s.size() ? i : i + 1;
                smaller = r.size() > s.size() ? i + 1 : i;
            }
        }
        assertThat(bigger).as("two records of different sizes").isPositive();
        try (JournalStore store = JournalStore.open(file, null)) {
            try (JournalStore.Connection c = store.connection("a")) {
                c.receiveDurably(journal.slice(0, middle()));
            }
            for (int[] pair : new int[][] {{bigger, smaller}, {smaller, bigger}}) {
                final byte[] other = journal.forged(pair[1], journal.records().get(pair[0]).transid());
                try (JournalStore.Connection c = store.connection("b")) {
                    assertThatThrownBy(() -> c.receiveDurably(other)).isInstanceOf(StreamRefusedException.class)
                            .hasMessageContaining("diverges");
                }
            }
            assertThat(store.duplicatesSkipped()).isZero();
            try (JournalStore.Connection c = store.connection("c")) {
                final int from = nonPadFrom(middle() / 2);
                final long ack = c.receiveDurably(journal.slice(from, middle()));
                assertThat(ack).isEqualTo(store.highestStored());
                assertThat(store.duplicatesSkipped()).isEqualTo(nonPads(from, middle()));
            }
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(journal.slice(0, middle()));
    }

    @Test
    void shouldStoreARecordLargerThanTwiceTheBatchBuffer(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        final byte[] small;
        final byte[] big;
        try (JournalStore store = JournalStore.open(file, null)) {
            try (JournalStore.Connection c = store.connection("a")) {
                c.receiveDurably(journal.slice(0, middle()));
            }
            small = journal.forged(nonPadFrom(middle()), store.highestStored() + 2);
            big = record(StreamId.BEGIN | StreamId.END | StreamId.JMIN, store.highestStored() + 4, 300_000, new byte[0]);
            try (JournalStore.Connection c = store.connection("b")) {
                assertThat(c.receiveDurably(concat(small, big))).isEqualTo(store.highestStored());
            }
            assertThat(store.durableLength()).isEqualTo(Files.size(file));
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(concat(journal.slice(0, middle()), small, big));
    }

    @Test
    void shouldRefuseGarbageAfterRecordsAndStoreTheRecords(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        final byte[] prefix = journal.slice(0, middle());
        final byte[] garbage = new byte[40];
        Arrays.fill(garbage, (byte) 0x99);
        try (JournalStore store = JournalStore.open(file, null);
                JournalStore.Connection c = store.connection("peer")) {
            assertThatThrownBy(() -> c.receive(List.of(ByteBuffer.wrap(concat(prefix, garbage)))))
                    .isInstanceOf(MalformedJournalStreamException.class)
                    .hasMessageStartingWith("peer: GARBAGE offset " + prefix.length);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(prefix);
    }

    @Test
    void shouldRefuseToReceiveOnAClosedConnection(@TempDir Path tmp) throws IOException {
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            final JournalStore.Connection c = store.connection("gone");
            c.close();
            c.close();
            assertThatThrownBy(() -> c.receiveDurably(journal.slice(0, 3))).isInstanceOf(StreamRefusedException.class)
                    .hasMessage("gone: connection closed");
            store.connection("next").close();
        }
    }

    /** What the walker holds against the buffer budget at each step of one record arriving in pieces. */
    @Test
    void shouldHoldExactlyTheRecordInProgressAgainstTheBudget(@TempDir Path tmp) throws IOException {
        final byte[] stream = journal.slice(0, 3);
        final int size0 = journal.records().get(0).size();
        assertThat(size0).isGreaterThan(20);
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            try (JournalStore.Connection c = store.connection("p")) {
                receive(c, stream, 0, 10);
                assertThat(store.bufferedBytes()).as("part of a header").isEqualTo(10);
                assertThat(c.pendingBytes()).isEqualTo(10);
                receive(c, stream, 10, 20);
                assertThat(store.bufferedBytes()).as("a declared record").isEqualTo(size0);
                assertThat(receive(c, stream, 20, size0).transid()).isEqualTo(journal.records().get(0).transid());
                assertThat(store.bufferedBytes()).as("a whole record: nothing in progress").isZero();
                receive(c, stream, size0, size0 + 5);
                assertThat(store.bufferedBytes()).isEqualTo(5);
                final int end0 = size0 + journal.records().get(1).size();
                receive(c, stream, size0 + 5, end0 + 16);
                assertThat(store.bufferedBytes()).as("the next record's header").isEqualTo(journal.records().get(2).size());
            }
            assertThat(store.bufferedBytes()).as("closing lets the budget go").isZero();
        }
    }

    @Test
    void shouldHoldBytesThatAreNotARecordUpToTheRecordLimit(@TempDir Path tmp) throws IOException {
        final byte[] garbage = new byte[200];
        Arrays.fill(garbage, (byte) 0x5A);
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            try (JournalStore.Connection c = store.connection("p", settings(64, Duration.ofMinutes(1), Duration.ZERO))) {
                assertThatThrownBy(() -> c.receive(List.of(ByteBuffer.wrap(garbage))))
                        .isInstanceOf(MalformedJournalStreamException.class);
                assertThat(store.bufferedBytes()).isEqualTo(64);
            }
            try (JournalStore.Connection c = store.connection("q")) {
                assertThatThrownBy(() -> c.receive(List.of(ByteBuffer.wrap(garbage, 0, 40))))
                        .isInstanceOf(MalformedJournalStreamException.class);
                assertThat(store.bufferedBytes()).isEqualTo(40);
            }
            assertThat(store.bufferedBytes()).isZero();
        }
    }

    @Test
    void shouldStoreAStreamCutIntoPiecesOfAnySize(@TempDir Path tmp) throws IOException {
        final Random random = new Random(SEED);
        final byte[] stream = journal.stream();
        final Path file = tmp.resolve("j");
        long ack = Long.MIN_VALUE;
        try (JournalStore store = JournalStore.open(file, null);
                JournalStore.Connection c = store.connection("p")) {
            int at = 0;
            while (at < stream.length) {
                final List<ByteBuffer> chunks = new ArrayList<>();
                for (int k = random.nextInt(4); k >= 0 && at < stream.length; k--) {
                    final int n = Math.min(stream.length - at, 1 + random.nextInt(random.nextBoolean() ? 24 : 3000));
                    chunks.add(ByteBuffer.wrap(stream, at, n));
                    at += n;
                }
                final JournalStore.Receipt receipt = c.receive(chunks);
                assertThat(receipt.transid()).as("seed %d", SEED).isGreaterThanOrEqualTo(ack);
                ack = receipt.transid();
                assertThat(receipt.requiredLength()).isLessThanOrEqualTo(at);
                assertThat(store.bufferedBytes()).isLessThanOrEqualTo(64 << 10);
            }
            store.durable(stream.length).join();
            assertThat(c.pendingBytes()).isZero();
            assertThat(store.bufferedBytes()).isZero();
            assertThat(store.bytesStored()).isEqualTo(stream.length);
            assertThat(store.durableLength()).isEqualTo(stream.length);
            assertThat(store.forces()).isPositive();
        }
        assertThat(ack).isEqualTo(journal.records().get(journal.records().size() - 1).transid());
        assertThat(Files.readAllBytes(file)).isEqualTo(stream);
    }

    @Test
    void shouldCutARecordThatStaysIncompleteLongerThanTheTimeout(@TempDir Path tmp) throws IOException {
        final byte[] stream = journal.slice(0, 3);
        final int size0 = journal.records().get(0).size();
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            try (JournalStore.Connection c = store.connection("patient", settings(1 << 20, Duration.ofMinutes(1), Duration.ZERO))) {
                receive(c, stream, 0, 10);
                c.receive(List.of());
                c.receive(List.of());
            }
            try (JournalStore.Connection c = store.connection("strict", settings(1 << 20, Duration.ZERO, Duration.ZERO))) {
                c.receive(List.of());
                receive(c, stream, 0, size0);
                c.receive(List.of());
                receive(c, stream, size0, size0 + 10);
                assertThatThrownBy(() -> c.receive(List.of())).isInstanceOf(StreamRefusedException.class)
                        .hasMessage("strict: cut, a record at stream offset " + size0
                                + " has been incomplete for more than 0 ms (a slow sender)");
            }
        }
    }

    @Test
    void shouldWaitForTheSessionInProgressToEndButNotForever(@TempDir Path tmp) throws Exception {
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            final JournalStore.Connection first = store.connection("first");
            final CompletableFuture<JournalStore.Connection> refused = store.connectionWhenFree("impatient",
                    settings(1 << 20, Duration.ofMinutes(1), Duration.ofMillis(60)));
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(StreamRefusedException.class).hasMessageContaining("one at a time");
            final CompletableFuture<JournalStore.Connection> waiting = store.connectionWhenFree("patient",
                    settings(1 << 20, Duration.ofMinutes(1), Duration.ofSeconds(20)));
            Thread.sleep(100);
            assertThat(waiting).isNotDone();
            first.close();
            final JournalStore.Connection second = waiting.get(10, TimeUnit.SECONDS);
            assertThat(second.receiveDurably(journal.slice(0, 2))).isEqualTo(store.highestStored()).isNotEqualTo(Long.MIN_VALUE);
            second.close();
            final JournalStore.Connection third = store.connectionWhenFree("third", TargetSettings.DEFAULT)
                    .get(10, TimeUnit.SECONDS);
            third.close();
        }
    }

    /** A wait given up (its connection ended) never takes the session when it frees. */
    @Test
    void shouldNotTakeTheSessionForACancelledWait(@TempDir Path tmp) throws Exception {
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            final JournalStore.Connection first = store.connection("first");
            final CompletableFuture<JournalStore.Connection> gone = store.connectionWhenFree("gone",
                    settings(1 << 20, Duration.ofMinutes(1), Duration.ofSeconds(20)));
            Thread.sleep(100);
            assertThat(gone.cancel(false)).isTrue();
            first.close();
            Thread.sleep(200);
            final JournalStore.Connection next = store.connection("next");
            next.close();
        }
    }

    @Test
    void shouldForceWhatItFindsOnOpeningAndAckOnlyWhatIsForced(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        final int m = nonPadFrom(middle());
        final byte[] prefix = journal.slice(0, m);
        Files.write(file, prefix);
        final ForceRecordingChannel[] channel = new ForceRecordingChannel[1];
        try (JournalStore store = JournalStore.open(file, null, c -> channel[0] = new ForceRecordingChannel(c))) {
            assertThat(channel[0].forces()).as("forced once on opening").isEqualTo(1);
            assertThat(channel[0].forcedLength()).isEqualTo(prefix.length);
            assertThat(store.durableLength()).isEqualTo(prefix.length);
            assertThat(store.forces()).isZero();
            try (JournalStore.Connection c = store.connection("p")) {
                final JournalStore.Receipt receipt = c.receive(List.of(ByteBuffer.wrap(journal.stream(), prefix.length,
                        journal.stream().length - prefix.length)));
                assertThat(receipt.requiredLength()).isEqualTo(journal.stream().length);
                store.durable(receipt.requiredLength()).join();
                assertThat(channel[0].forcedLength()).isEqualTo(journal.stream().length);
                assertThat(store.forces()).isPositive();
            }
        }
    }

    /** A consumer that writes down what the store tells it. */
    private static final class Recorder implements JournalStore.StreamConsumer {
        final long resumeAfter;
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<Long> durables = Collections.synchronizedList(new ArrayList<>());

        Recorder(long resumeAfter) {
            this.resumeAfter = resumeAfter;
        }

        @Override
        public long resumeAfterTransid() {
            return resumeAfter;
        }

        @Override
        public void start(Path file, long fromOffset, long durableLength) {
            calls.add("start " + fromOffset + " " + durableLength);
        }

        @Override
        public void durable(long durableLength) {
            durables.add(durableLength);
            calls.add("durable " + durableLength);
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void shouldStartTheConsumerAtTheFirstRecordAboveItsWatermark(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        final byte[] prefix = journal.slice(0, middle());
        Files.write(file, prefix);
        final int done = nonPadFrom(middle() / 2);
        final int next = nonPadFrom(done + 1);
        final long[] watermarks = {Long.MIN_VALUE, journal.records().get(done).transid(),
            journal.records().get(next).transid() - 1, Long.MAX_VALUE};
        final long[] starts = {0, journal.records().get(next).offset(), journal.records().get(next).offset(), prefix.length};
        for (int i = 0; i < watermarks.length; i++) {
            final Recorder recorder = new Recorder(watermarks[i]);
            JournalStore.open(file, recorder).abandon();
            assertThat(recorder.calls).as("watermark %x", watermarks[i])
                    .containsExactly("start " + starts[i] + " " + prefix.length);
        }
    }

    @Test
    void shouldTellTheConsumerEachDurableLengthAndTheWholeFileOnClosing(@TempDir Path tmp) throws IOException {
        final Path file = tmp.resolve("j");
        final Recorder recorder = new Recorder(Long.MIN_VALUE);
        final byte[] stream = journal.stream();
        try (JournalStore store = JournalStore.open(file, recorder);
                JournalStore.Connection c = store.connection("p")) {
            final int cut = (int) journal.records().get(nonPadFrom(middle())).offset();
            c.receiveDurably(Arrays.copyOf(stream, cut));
            assertThat(recorder.durables).contains((long) cut);
            c.receiveDurably(Arrays.copyOfRange(stream, cut, stream.length));
        }
        assertThat(recorder.calls.get(0)).isEqualTo("start 0 0");
        assertThat(recorder.calls.subList(recorder.calls.size() - 2, recorder.calls.size()))
                .containsExactly("durable " + stream.length, "close");
        assertThat(recorder.durables).isSorted().allMatch(l -> l > 0 && l <= stream.length);

        final Recorder killed = new Recorder(Long.MAX_VALUE);
        JournalStore.open(file, killed).abandon();
        assertThat(killed.calls).as("a kill tells the consumer nothing more").containsExactly(
                "start " + stream.length + " " + stream.length);
    }
}
