package io.kemu.streams.server;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.mirror.Mirror;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.scan.mirror.MirrorReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target's live mirror: feeds the scanner's {@link Mirror} from the store's journal file, on a
 * thread of its own, up to the length the store has made durable. The file is the queue: the store
 * only announces a new durable length ({@link #durable}, never blocking), so the mirror may lag as far
 * as it likes without holding back receiving, storing or acknowledging; past {@code
 * lagWarningBytes} it is the mirror that waits, and the log says so (and again when it caught up).
 *
 * <h2>Crash consistency</h2>
 * The mirror persists its {@link io.kemu.journal.scan.ResumePoint} with its state after every
 * transaction. When the target starts again, the store scans its file and feeds the mirror from the
 * first record above the mirror's watermark ({@link #resumeAfterTransid()}): every transaction not yet
 * finished is re-read from its first record, whole, and those finished above the watermark are
 * recognised as duplicates. A kill at any point thus loses nothing: durable records not yet applied
 * are applied after the restart.
 */
public final class MirrorConsumer implements JournalStore.StreamConsumer {
    private static final Logger log = LoggerFactory.getLogger(MirrorConsumer.class);
    /** Default lag past which the log says the mirror is behind. */
    public static final long DEFAULT_LAG_WARNING_BYTES = 64L << 20;

    private final Mirror mirror;
    private final Path root;
    private final long lagWarningBytes;
    private final int readChunk;
    private FileChannel in;
    private Thread thread;
    /** Guarded by this. */
    private long durable;
    private boolean closing;
    private boolean abandoned;
    private volatile long fed;
    private volatile boolean behind;
    /** Written by the mirror's thread only. */
    private volatile long applyNanos;
    private volatile long peakLagBytes;
    private volatile Exception failure;
    private MirrorReport report;

    private MirrorConsumer(Mirror mirror, Path root, long lagWarningBytes, int readChunk) {
        this.mirror = mirror;
        this.root = root;
        this.lagWarningBytes = lagWarningBytes;
        this.readChunk = readChunk;
    }

    public static MirrorConsumer open(Path root, MirrorOptions options) throws IOException {
        return open(root, options, DEFAULT_LAG_WARNING_BYTES, 1 << 20);
    }

    /** {@code readChunk}: the most bytes handed to the mirror per feed (small in tests, to split transactions). */
    static MirrorConsumer open(Path root, MirrorOptions options, long lagWarningBytes, int readChunk) throws IOException {
        try {
            return new MirrorConsumer(Mirror.open(root, options), root, lagWarningBytes, readChunk);
        } catch (JournalScanException e) {
            throw new IOException("cannot mirror into " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long resumeAfterTransid() {
        return mirror.completedThrough();
    }

    @Override
    public void start(Path file, long fromOffset, long durableLength) throws IOException {
        in = FileChannel.open(file, StandardOpenOption.READ);
        fed = fromOffset;
        durable = durableLength;
        thread = new Thread(this::applyLoop, "kemu-mirror " + root.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void durable(long durableLength) {
        if (durableLength > durable) {
            durable = durableLength;
            notifyAll();
        }
    }

    /** Reads what is durable and not yet fed, one chunk at a time, until closed with nothing left. */
    private void applyLoop() {
        final ByteBuffer chunk = ByteBuffer.allocate(readChunk);
        try {
            for (;;) {
                final long until;
                synchronized (this) {
                    while (durable <= fed && !closing && !abandoned) {
                        wait();
                    }
                    if (abandoned || (closing && durable <= fed)) {
                        return;
                    }
                    until = durable;
                }
                noteLag(until);
                chunk.clear().limit((int) Math.min(readChunk, until - fed));
                final int n = in.read(chunk, fed);
                if (n <= 0) {
                    throw new IOException("journal file ended at " + fed + " before its durable length " + until);
                }
                chunk.flip();
                final long started = System.nanoTime();
                mirror.feed(chunk);
                applyNanos += System.nanoTime() - started;
                fed += n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | JournalScanException | RuntimeException e) {
            failure = e;
            log.error("mirror {}: stopped: {}", root, e.getMessage());
        }
    }

    private void noteLag(long until) {
        final long lag = until - fed;
        if (lag > peakLagBytes) {
            peakLagBytes = lag;
        }
        if (!behind && lag > lagWarningBytes) {
            behind = true;
            log.warn("mirror {}: {} bytes behind the stored journal; the mirror waits, storing and acking go on", root, lag);
        } else if (behind && lag <= lagWarningBytes / 2) {
            behind = false;
            log.info("mirror {}: caught up to {} bytes behind the stored journal", root, lag);
        }
    }

    /** Durable bytes of the journal not yet fed to the mirror. */
    public synchronized long lagBytes() {
        return Math.max(0, durable - fed);
    }

    /** Time the mirror's thread spent applying the journal to the mirror. */
    public long applyNanos() {
        return applyNanos;
    }

    /** The most durable bytes the mirror was ever behind when it took its next chunk. */
    public long peakLagBytes() {
        return peakLagBytes;
    }

    /** What the mirror has done (final after {@link #close()}). */
    public MirrorReport report() {
        return report != null ? report : mirror.report();
    }

    /**
     * Stops feeding without finishing the mirror, as a kill would (for crash tests and {@code kemu
     * bench hostile}): the mirror keeps only what it persisted itself.
     */
    public void abandon() throws IOException {
        synchronized (this) {
            abandoned = true;
            notifyAll();
        }
        join();
        if (in != null) {
            in.close();
        }
    }

    /**
     * Waits until the mirror applied everything durable, then finishes it. Blocks: call it from the
     * store's close (as {@link JournalTargetServer#stop()} does, on its I/O thread) or a driver's own
     * thread, never from an actor or a stream stage.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        join();
        try {
            if (failure == null) {
                report = mirror.finish();
            }
            mirror.close();
        } catch (JournalScanException e) {
            throw new IOException("mirror: " + e.getMessage(), e);
        } finally {
            if (in != null) {
                in.close();
            }
        }
        if (failure != null) {
            throw new IOException("mirror: " + failure.getMessage(), failure);
        }
    }

    private void join() throws IOException {
        if (thread == null) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the mirror", e);
        }
    }
}
