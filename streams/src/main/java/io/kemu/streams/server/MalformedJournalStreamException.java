package io.kemu.streams.server;

/** A connection sent bytes that are not a journal stream (garbage, an oversized or truncated record). */
public final class MalformedJournalStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedJournalStreamException(String message) {
        super(message);
    }
}
