package io.kemu.journal.jrecord;

/**
 * A record operation found the ring full and nothing could free space: the kernel would sleep
 * forever here (for example a reservation larger than the ring, which can never succeed).
 */
public final class JournalFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalFullException(String operation) {
        super(operation + " cannot fit in the journal FIFO and nothing can free space");
    }
}
