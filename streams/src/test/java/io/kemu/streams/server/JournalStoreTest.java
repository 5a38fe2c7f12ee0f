package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.JRecord;
import io.kemu.journal.wire.RecordType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStoreTest {
    /** A real journal stream of {@code count} small transactions, as the kernel's ring writes it. */
    private static byte[] stream(int count, int ringSize) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JournalFifo fifo = new JournalFifo(ringSize, 1L << 40, false);
        fifo.stallHandler(f -> {
            final int before = f.xindex();
            f.drain(out::write);
            return f.xindex() != before;
        });
        for (int n = 0; n < count; n++) {
            final JRecord jrec = JRecord.init(fifo, 0x100);
            jrec.push(RecordType.WRITE);
            jrec.leaf(RecordType.FILEDATA, new byte[40 + n % 90]);
            jrec.pop();
            jrec.done(false);
        }
        fifo.drain(out::write);
        return out.toByteArray();
    }

    @Test
    void aReplayedPrefixIsAcknowledgedButStoredOnce(@TempDir Path tmp) throws IOException {
        final byte[] stream = stream(200, 1024);
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            final JournalStore.Connection first = store.connection("first");
            final long ackFirst = first.receive(Arrays.copyOf(stream, stream.length / 2 + 7));
            final JournalStore.Connection second = store.connection("second");
            final long ackSecond = second.receive(stream);
            assertThat(ackSecond).isGreaterThan(ackFirst);
            assertThat(store.duplicatesSkipped()).isPositive();
        }
        assertThat(Files.readAllBytes(tmp.resolve("j"))).isEqualTo(stream);
    }

    @Test
    void theHighestStoredTransidSurvivesReopening(@TempDir Path tmp) throws IOException {
        final byte[] stream = stream(50, 4096);
        final long highest;
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            highest = store.connection("a").receive(stream);
        }
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            assertThat(store.highestStored()).isEqualTo(highest);
            store.connection("b").receive(stream);
            assertThat(store.recordsStored()).isZero();
        }
        assertThat(Files.size(tmp.resolve("j"))).isEqualTo(stream.length);
    }

    @Test
    void aConnectionSendingGarbageIsRefusedNamingTheOffset(@TempDir Path tmp) throws IOException {
        final byte[] garbage = new byte[4096];
        Arrays.fill(garbage, (byte) 0x99);
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            final JournalStore.Connection connection = store.connection("peer");
            assertThatThrownBy(() -> connection.receive(garbage))
                    .isInstanceOf(MalformedJournalStreamException.class)
                    .hasMessageStartingWith("peer: GARBAGE offset 0");
        }
        assertThat(Files.size(tmp.resolve("j"))).isZero();
    }

    @Test
    void anOversizedRecordIsRefusedWithoutAllocatingIt(@TempDir Path tmp) throws IOException {
        final byte[] header = new byte[64];
        io.kemu.journal.wire.RawRecordHeaderDescriptor.begmagic(header, 0, 0x1234);
        io.kemu.journal.wire.RawRecordHeaderDescriptor.streamId(header, 0, 0xC100);
        io.kemu.journal.wire.RawRecordHeaderDescriptor.recsize(header, 0, Integer.MAX_VALUE);
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            assertThatThrownBy(() -> store.connection("big").receive(header))
                    .isInstanceOf(MalformedJournalStreamException.class)
                    .hasMessageContaining("offset 0");
        }
    }
}
