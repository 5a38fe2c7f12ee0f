package io.kemu.streams.server;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.mirror.Mirror;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.scan.mirror.MirrorReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Feeds the records a {@link JournalStore} keeps into the scanner's {@link Mirror}, on a thread of its
 * own, so that acknowledging (which needs only the journal file durable) never waits for the mirror's
 * file-system work. At most {@code maxLagBytes} wait for the mirror; beyond that {@link #accept}
 * blocks the store's dedicated I/O thread (never an actor's), which backpressures the connections. The store has already removed
 * replayed records; the mirror's own restart watermark would skip them anyway.
 */
public final class MirrorConsumer implements JournalStore.StreamConsumer {
    /** Bytes for the mirror and the lag permits they hold (capped, so one huge record cannot deadlock). */
    private record Item(byte[] bytes, int permits) {}

    private static final Item END = new Item(new byte[0], 0);

    private final Mirror mirror;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Semaphore lag;
    private final int maxLagBytes;
    private final Thread thread;
    private volatile Exception failure;
    private MirrorReport report;

    private MirrorConsumer(Mirror mirror, int maxLagBytes, Path root) {
        this.mirror = mirror;
        this.lag = new Semaphore(maxLagBytes);
        this.maxLagBytes = maxLagBytes;
        this.thread = new Thread(this::applyLoop, "kemu-mirror " + root.getFileName());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public static MirrorConsumer open(Path root, MirrorOptions options) throws IOException {
        return open(root, options, 16 << 20);
    }

    public static MirrorConsumer open(Path root, MirrorOptions options, int maxLagBytes) throws IOException {
        try {
            return new MirrorConsumer(Mirror.open(root, options), maxLagBytes, root);
        } catch (JournalScanException e) {
            throw new IOException("cannot mirror into " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies what is queued, coalescing everything waiting into one feed: the mirror persists its
     * restart state once per feed, so a mirror that lags takes bigger steps and catches up, while one
     * that keeps up applies each batch as soon as it is durable.
     */
    private void applyLoop() {
        final List<Item> items = new ArrayList<>();
        try {
            for (;;) {
                items.clear();
                items.add(queue.take());
                queue.drainTo(items);
                final boolean end = items.remove(END);
                feed(items);
                if (end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void feed(List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        int length = 0;
        int permits = 0;
        for (Item item : items) {
            length += item.bytes().length;
            permits += item.permits();
        }
        final byte[] chunk = items.size() == 1 ? items.get(0).bytes() : new byte[length];
        if (items.size() > 1) {
            int at = 0;
            for (Item item : items) {
                System.arraycopy(item.bytes(), 0, chunk, at, item.bytes().length);
                at += item.bytes().length;
            }
        }
        try {
            if (failure == null) {
                mirror.feed(chunk, 0, chunk.length);
            }
        } catch (JournalScanException | RuntimeException e) {
            failure = e;
        } finally {
            lag.release(permits);
        }
    }

    @Override
    public void accept(byte[] bytes, int offset, int length) throws IOException {
        if (failure != null) {
            throw new IOException("mirror: " + failure.getMessage(), failure);
        }
        final byte[] copy = offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
        final int permits = Math.min(length, maxLagBytes);
        try {
            lag.acquire(permits);
            queue.put(new Item(copy, permits));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the mirror", e);
        }
    }

    /** What the mirror has done (final after {@link #close()}). */
    public MirrorReport report() {
        return report != null ? report : mirror.report();
    }

    /**
     * Waits for the mirror to apply everything queued, then finishes it. Blocks: call it from the
     * store's dedicated I/O thread (as {@link JournalTargetServer#stop()} does) or a driver's own
     * thread, never from an actor or a stream stage.
     */
    @Override
    public void close() throws IOException {
        try {
            queue.put(END);
            thread.join();
            report = mirror.finish();
            mirror.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the mirror", e);
        } catch (JournalScanException e) {
            throw new IOException("mirror: " + e.getMessage(), e);
        }
        if (failure != null) {
            throw new IOException("mirror: " + failure.getMessage(), failure);
        }
    }
}
