package io.kemu.streams.server;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The commit of a store whose file is memory ({@link MemoryFileChannel}): written is durable, at
 * once and on the writer's thread, with no fsync and no thread of its own, so a store under the
 * deterministic thread model acknowledges without leaving the driver thread.
 *
 * <p>Invariant: {@code forced == written} after every call. Asking for a length not yet written is
 * a caller's bug (the store only asks for what {@code receive} wrote): the answer is a failed future,
 * never a success.
 */
final class ImmediateCommit implements Commit {
    private final LongConsumer onForced;
    private long written;

    /** {@code length}: what the file already holds; {@code onForced} hears each new durable length. */
    ImmediateCommit(long length, LongConsumer onForced) {
        this.written = length;
        this.onForced = onForced;
    }

    @Override
    public void written(long length) {
        assert length >= written : "written length went back";
        written = length;
        onForced.accept(length);
    }

    @Override
    public CompletableFuture<Void> durable(long length) {
        if (length > written) {
            return CompletableFuture.failedFuture(new IllegalStateException("durable(" + length
                    + ") asked of an in-memory file written only to " + written));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long forcedLength() {
        return written;
    }

    @Override
    public long forces() {
        return 0;
    }

    @Override
    public long forceNanos() {
        return 0;
    }

    @Override
    public void close() {
    }
}
