package io.kemu.vfs.jops;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.JRecord;
import io.kemu.journal.jrecord.RecordBuilder;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link TransactionSink} that writes every transaction straight into a {@link JournalFifo}
 * through {@link JRecord#init}: the kernel's own arrangement, where the VOP thread builds records in
 * the journal's memory FIFO. The FIFO's stall handler must be able to free space (for example by
 * draining to the target), since {@code JRecord}'s builder methods cannot sleep.
 */
public final class FifoSink implements TransactionSink {
    private final JournalFifo fifo;

    public FifoSink(JournalFifo fifo) {
        this.fifo = Objects.requireNonNull(fifo, "fifo");
    }

    /**
     * A sink factory for {@link MountJournals#install}: a fresh FIFO sized and numbered as the
     * install computed ({@link JournalConfig#fifoSize()}, {@link JournalConfig#firstTransid()}),
     * full duplex when the journal asked for it, and handed to {@code onCreate} (which typically sets
     * its stall handler and keeps it for the writer).
     */
    public static SinkFactory factory(Consumer<JournalFifo> onCreate) {
        return config -> {
            final JournalFifo fifo = new JournalFifo(config.fifoSize(), config.firstTransid(), config.isFullDuplex());
            onCreate.accept(fifo);
            return new FifoSink(fifo);
        };
    }

    public JournalFifo fifo() {
        return fifo;
    }

    @Override
    public RecordBuilder begin(int streamId) {
        return JRecord.init(fifo, streamId);
    }
}
