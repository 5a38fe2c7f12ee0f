package io.kemu.streams.server;

/**
 * A connection was refused or cut for a reason other than malformed bytes: the store is busy with
 * another journal session, the stream does not begin where the store expects, it replays something
 * other than what the store holds, or it broke a limit ({@link JournalTargetServer.TargetSettings}).
 * Nothing it sent after the refusal is stored or acknowledged.
 */
public final class StreamRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StreamRefusedException(String message) {
        super(message);
    }
}
