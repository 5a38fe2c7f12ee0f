package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.scan.mirror.MirrorReport;
import io.kemu.vfs.workload.TreeDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorConsumerTest {
    private static final long SEED = 20_261_202L;
    @TempDir
    static Path shared;
    private static RecordedJournal journal;

    @BeforeAll
    static void record() throws IOException {
        journal = RecordedJournal.record(5, 1500, shared);
    }

    @Test
    void shouldMirrorWhatTheStoreHoldsWithoutHoldingBackAcks(@TempDir Path tmp) throws IOException {
        final Path mirror = tmp.resolve("m");
        final MirrorConsumer consumer = MirrorConsumer.open(mirror, MirrorOptions.FAITHFUL);
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), consumer);
                JournalStore.Connection c = store.connection("sender")) {
            c.receiveDurably(journal.stream());
        }
        assertThat(consumer.report().problems()).isEmpty();
        assertThat(TreeDiff.compare(journal.tree(), mirror, Set.of(), 10)).isEmpty();
    }

    /** The figures {@code kemu simulate} reports for the target: its store's time and fsyncs, the mirror's time and lag. */
    @Test
    void shouldTellWhereTheTargetsTimeWent(@TempDir Path tmp) throws IOException {
        final MirrorConsumer consumer = MirrorConsumer.open(tmp.resolve("m"), MirrorOptions.FAITHFUL);
        assertThat(consumer.applyNanos()).isZero();
        assertThat(consumer.peakLagBytes()).isZero();
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), consumer);
                JournalStore.Connection c = store.connection("sender")) {
            assertThat(store.receiveNanos()).isZero();
            c.receiveDurably(journal.stream());
            assertThat(store.receiveNanos()).isPositive();
            assertThat(store.forces()).isPositive();
            assertThat(store.forceNanos()).isPositive();
        }
        assertThat(consumer.applyNanos()).isPositive();
        assertThat(consumer.peakLagBytes()).isPositive().isLessThanOrEqualTo(journal.stream().length);
    }

    /**
     * Issue 10 defect 2: the target is killed (no final fsync, the mirror abandoned wherever its
     * thread was, sometimes half a record written) and restarted; the journal then replays from an
     * earlier point, as from its last ack. The mirror must end equal to the tree.
     */
    @Test
    void shouldEndEqualToTheTreeAfterKillsAndRestarts(@TempDir Path tmp) throws IOException {
        final Random random = new Random(SEED);
        final int records = journal.records().size();
        for (int trial = 0; trial < 4; trial++) {
            final Path dir = Files.createDirectories(tmp.resolve("t" + trial));
            final Path file = dir.resolve("j");
            final Path mirror = dir.resolve("m");
            int sent = 0;
            for (int kill = 0; kill < 3; kill++) {
                final int from = Math.max(0, sent - random.nextInt(20));
                final int to = Math.min(records, sent + 1 + random.nextInt(records / 3));
                final MirrorConsumer consumer = MirrorConsumer.open(mirror, MirrorOptions.FAITHFUL,
                        MirrorConsumer.DEFAULT_LAG_WARNING_BYTES, 64 + random.nextInt(4000));
                final JournalStore store = JournalStore.open(file, consumer);
                try (JournalStore.Connection c = store.connection("sender")) {
                    c.receiveDurably(journal.slice(from, to));
                }
                sent = to;
                consumer.abandon();
                store.abandon();
                if (random.nextBoolean() && to < records) {
                    final byte[] next = journal.slice(to, to + 1);
                    Files.write(file, Arrays.copyOf(next, 1 + random.nextInt(next.length - 1)), StandardOpenOption.APPEND);
                }
            }
            final MirrorConsumer consumer = MirrorConsumer.open(mirror, MirrorOptions.FAITHFUL);
            try (JournalStore store = JournalStore.open(file, consumer);
                    JournalStore.Connection c = store.connection("sender")) {
                c.receiveDurably(journal.slice(Math.max(0, sent - 7), records));
            }
            final MirrorReport report = consumer.report();
            assertThat(report.problems()).as("seed %d trial %d", SEED, trial).isEmpty();
            assertThat(TreeDiff.compare(journal.tree(), mirror, Set.of(), 10)).as("seed %d trial %d", SEED, trial).isEmpty();
            assertThat(Files.readAllBytes(file)).isEqualTo(journal.stream());
        }
    }
}
