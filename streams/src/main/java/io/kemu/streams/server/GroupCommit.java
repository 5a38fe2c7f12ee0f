package io.kemu.streams.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the store's file, on a thread of its own: {@link #durable(long)} answers once the
 * file is forced at least up to that length. Each force covers everything written before it starts,
 * so every batch written while one fsync runs is covered by the next single fsync, and their waiters
 * complete together, in the order they asked (lengths only grow). The writer thread meanwhile goes
 * on decoding and writing the next batch: fsync overlaps reception.
 *
 * <p>Invariants: {@code forced <= written}; a waiter completes only after a {@code force} that began
 * when {@code written} was at least its length has returned. A failed force fails every waiter and
 * every later request: an ack must never name what may not be on disk.
 */
final class GroupCommit implements Commit {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Waiter(long length, CompletableFuture<Void> done) {}

    private final FileChannel channel;
    private final LongConsumer onForced;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Thread thread;
    private long written;
    private long forced;
    private long forces;
    private long forceNanos;
    private IOException failure;
    private boolean closing;

    /** {@code length}: what the file already holds durably; {@code onForced} hears each new durable length. */
    GroupCommit(FileChannel channel, long length, String name, LongConsumer onForced) {
        this.channel = channel;
        this.onForced = onForced;
        this.written = length;
        this.forced = length;
        this.thread = new Thread(this::run, "kemu-target-fsync " + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The writer has written the file up to {@code length} (called after the write returned). */
    @Override
    public synchronized void written(long length) {
        assert length >= written : "written length went back";
        written = length;
    }

    /** Completes once the file is forced to at least {@code length}. */
    @Override
    public synchronized CompletableFuture<Void> durable(long length) {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        if (length <= forced) {
            return CompletableFuture.completedFuture(null);
        }
        final CompletableFuture<Void> done = new CompletableFuture<>();
        waiters.add(new Waiter(length, done));
        notifyAll();
        return done;
    }

    /** The length known forced. */
    @Override
    public synchronized long forcedLength() {
        return forced;
    }

    /** fsync calls made so far. */
    @Override
    public synchronized long forces() {
        return forces;
    }

    /** Time spent in those fsync calls. */
    @Override
    public synchronized long forceNanos() {
        return forceNanos;
    }

    private void run() {
        for (;;) {
            final long target;
            synchronized (this) {
                while (waiters.isEmpty() && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (waiters.isEmpty()) {
                    return;
                }
                target = written;
            }
            IOException error = null;
            final long started = System.nanoTime();
            try {
                channel.force(false);
            } catch (IOException e) {
                error = e;
            }
            final long took = System.nanoTime() - started;
            final ArrayDeque<Waiter> ready = new ArrayDeque<>();
            synchronized (this) {
                forces++;
                forceNanos += took;
                if (error != null) {
                    log.error("target: fsync failed, nothing more is acknowledged: {}", error.toString());
                    failure = error;
                    ready.addAll(waiters);
                    waiters.clear();
                } else {
                    forced = Math.max(forced, target);
                    while (!waiters.isEmpty() && waiters.peek().length() <= forced) {
                        ready.add(waiters.poll());
                    }
                }
            }
            if (error == null) {
                onForced.accept(target);
            }
            for (Waiter w : ready) {
                if (error != null) {
                    w.done().completeExceptionally(error);
                } else {
                    w.done().complete(null);
                }
            }
        }
    }

    /** Serves every waiter already queued, then stops the thread. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
