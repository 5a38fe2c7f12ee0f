package io.kemu.actors.journal;

import akka.util.ByteString;
import io.kemu.journal.fifo.WriteSink;
import java.util.Arrays;

/**
 * The writer's side of one {@code journal_wthread} pass: collects the ring runs that one
 * {@code JournalFifo.drain} hands out into one {@link ByteString}. Each run is copied exactly once,
 * into an array of its own size that nothing else ever sees, which the ByteString then wraps without
 * copying again (an {@code akka.util.ByteStringBuilder} copies into a growing scratch array and then
 * again into an exact-size one). The bytes and their order are the ring's, unchanged.
 *
 * <p>Invariant: {@link #result()} is the concatenation of every run given to {@link #write}, in order.
 * Not thread-safe; lives inside one actor's message handling.
 */
final class ChunkCollector implements WriteSink {
    private ByteString bytes = ByteString.emptyByteString();

    @Override
    public void write(byte[] ring, int offset, int length) {
        bytes = bytes.concat(ByteString.fromArrayUnsafe(Arrays.copyOfRange(ring, offset, offset + length)));
    }

    int length() {
        return bytes.length();
    }

    ByteString result() {
        return bytes;
    }
}
