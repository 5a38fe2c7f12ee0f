package io.kemu.vfs.jops;

import java.util.Objects;

/**
 * A journal installed on a mount ({@code struct journal}, the parts the journal layer needs): its
 * settled configuration and the sink its transactions go to. Threads, descriptor and FIFO indices
 * belong to whoever owns the sink (the journal actor).
 */
public final class Journal {
    private final JournalConfig config;
    private final TransactionSink sink;

    Journal(JournalConfig config, TransactionSink sink) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public JournalConfig config() {
        return config;
    }

    public JournalId id() {
        return config.id();
    }

    public TransactionSink sink() {
        return sink;
    }

    /** {@code MC_JOURNAL_WANT_REVERSABLE}: transactions carry UNDO sections. */
    public boolean isReversable() {
        return config.isReversable();
    }

    @Override
    public String toString() {
        return "Journal[" + config.id() + ", flags 0x" + Integer.toHexString(config.flags()) + ", fifo "
                + config.fifoSize() + "]";
    }
}
