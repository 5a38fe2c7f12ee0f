package io.kemu.streams.server;

import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.RecordDecoder;
import io.kemu.journal.scan.ScanProblem;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable side of a journal target: appends the records it receives to one journal file, skips
 * records it already holds (a restarted journal replays from its oldest unacknowledged byte), hands
 * the same bytes to an optional {@link StreamConsumer} (a mirror) and makes everything durable before
 * naming the transid it may acknowledge.
 *
 * <p>Records are kept in the order received; a record is new when its transid is above every transid
 * already stored (transids strictly increase in a journal's stream). A pad is stored only while the
 * connection is live (its predecessor was new): a 16-byte pad's transid is garbage and cannot be
 * compared. On open, an existing file is scanned to recover the highest transid it holds.
 *
 * <p>Not thread-safe: the server calls it from one I/O thread for all connections.
 */
public final class JournalStore implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(JournalStore.class);

    /** Receives the bytes of every newly stored record, in order (for example a mirror). */
    public interface StreamConsumer extends Closeable {
        void accept(byte[] bytes, int offset, int length) throws IOException;
    }

    private final Path file;
    private final FileChannel channel;
    private final StreamConsumer consumer;
    private long highestStored;
    private long recordsStored;
    private long duplicatesSkipped;
    private long bytesStored;

    private JournalStore(Path file, FileChannel channel, StreamConsumer consumer, long highestStored) {
        this.file = file;
        this.channel = channel;
        this.consumer = consumer;
        this.highestStored = highestStored;
    }

    /** Opens (creating if needed) {@code file}; {@code consumer} may be null. */
    public static JournalStore open(Path file, StreamConsumer consumer) throws IOException {
        final long highest = Files.exists(file) ? highestTransidIn(file) : Long.MIN_VALUE;
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new JournalStore(file, channel, consumer, highest);
    }

    private static long highestTransidIn(Path file) throws IOException {
        final long[] highest = {Long.MIN_VALUE};
        try (var in = Files.newInputStream(file)) {
            RecordDecoder.decodeAll(in, new RecordDecoder.Listener() {
                @Override
                public void onRecord(RawRecord record) {
                    if (!record.isPad()) {
                        highest[0] = Math.max(highest[0], record.transid());
                    }
                }

                @Override
                public void onProblem(ScanProblem problem) {
                    log.warn("journal file {}: {}", file, problem);
                }
            });
        }
        return highest[0];
    }

    /** Per-connection state: a decoder for the connection's byte stream and what it received. */
    public final class Connection {
        private final String peer;
        private final List<byte[]> batch = new ArrayList<>();
        private final RecordDecoder decoder;
        private String problem;
        private boolean live;
        private long highestReceived = Long.MIN_VALUE;

        private Connection(String peer) {
            this.peer = peer;
            this.decoder = new RecordDecoder(new RecordDecoder.Listener() {
                @Override
                public void onRecord(RawRecord record) {
                    take(record);
                }

                @Override
                public void onProblem(ScanProblem scanProblem) {
                    if (problem == null) {
                        problem = scanProblem.toString();
                    }
                }
            });
        }

        private void take(RawRecord record) {
            if (problem != null) {
                return;
            }
            if (record.isPad()) {
                if (live) {
                    batch.add(copy(record));
                }
                return;
            }
            highestReceived = Math.max(highestReceived, record.transid());
            live = record.transid() > highestStored;
            if (live) {
                highestStored = record.transid();
                batch.add(copy(record));
                ++recordsStored;
            } else {
                ++duplicatesSkipped;
            }
        }

        private byte[] copy(RawRecord record) {
            final byte[] bytes = new byte[record.alignedSize()];
            System.arraycopy(record.buffer(), record.index(), bytes, 0, bytes.length);
            return bytes;
        }

        /**
         * Decodes {@code bytes}, stores the new records durably (write, mirror, fsync) and returns the
         * highest transid received on this connection that is now durable, for the ack; or throws
         * {@link MalformedJournalStreamException} naming the offset if the stream is malformed.
         */
        public long receive(byte[] bytes) throws IOException {
            decoder.feed(bytes, 0, bytes.length);
            flushBatch();
            if (problem == null) {
                problem = decoder.garbageInProgress();
            }
            if (problem != null) {
                throw new MalformedJournalStreamException(peer + ": " + problem);
            }
            return highestReceived;
        }

        private void flushBatch() throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            final ByteBuffer[] buffers = new ByteBuffer[batch.size()];
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = ByteBuffer.wrap(batch.get(i));
            }
            while (buffers[buffers.length - 1].hasRemaining()) {
                bytesStored += channel.write(buffers);
            }
            if (consumer != null) {
                for (byte[] record : batch) {
                    consumer.accept(record, 0, record.length);
                }
            }
            channel.force(false);
            batch.clear();
        }

        /** Bytes received but not yet a whole record (dropped if the connection ends here). */
        public int pendingBytes() {
            return decoder.pendingBytes();
        }
    }

    /** A new connection's state; {@code peer} names it in errors. */
    public Connection connection(String peer) {
        return new Connection(peer);
    }

    public Path file() {
        return file;
    }

    /** The highest transid stored so far (Long.MIN_VALUE when empty). */
    public long highestStored() {
        return highestStored;
    }

    public long recordsStored() {
        return recordsStored;
    }

    public long duplicatesSkipped() {
        return duplicatesSkipped;
    }

    public long bytesStored() {
        return bytesStored;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.force(true);
            channel.close();
        } finally {
            if (consumer != null) {
                consumer.close();
            }
        }
    }
}
