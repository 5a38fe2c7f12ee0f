package io.kemu.journal.fifo;

/** A snapshot of a {@link JournalFifo}'s indices and counters (indices unmasked). */
public record FifoState(
        int size, int windex, int rindex, int xindex, long transid, long totalAcked, long fifostalls) {
}
