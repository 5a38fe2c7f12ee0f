package io.kemu.streams.server;

import java.util.concurrent.CompletableFuture;

/**
 * How a {@link JournalStore} learns that what it wrote is durable, so that an ack never names bytes
 * that may not be on disk: {@link GroupCommit} (fsync on a thread of its own, for real files) or
 * {@link ImmediateCommit} (an in-memory file, durable once written).
 *
 * <p>Contract of every implementation: {@code forcedLength() <= written}; {@link #durable} completes
 * only once the file is durable at least up to the length asked for, and waiters complete in the
 * order they asked.
 */
interface Commit extends AutoCloseable {
    /** The writer has written the file up to {@code length} (called after the write returned). */
    void written(long length);

    /** Completes once the file is durable to at least {@code length}. */
    CompletableFuture<Void> durable(long length);

    /** The length known durable. */
    long forcedLength();

    /** fsync calls made so far. */
    long forces();

    /** Time spent in those fsync calls. */
    long forceNanos();

    /** Serves every waiter already queued, then stops. */
    @Override
    void close();
}
