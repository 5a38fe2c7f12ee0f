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
import java.util.Arrays;
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

    /** A connection keeps a batch buffer up to this size between inputs; a larger one is let go. */
    private static final int MAX_RETAINED_BATCH = 8 << 20;

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
        private final RecordDecoder decoder;
        /** New records decoded from the current input, waiting to be written: {@code [0, position)}. */
        private ByteBuffer batch = ByteBuffer.allocate(64 * 1024);
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
                    append(record);
                }
                return;
            }
            highestReceived = Math.max(highestReceived, record.transid());
            live = record.transid() > highestStored;
            if (live) {
                highestStored = record.transid();
                append(record);
                ++recordsStored;
            } else {
                ++duplicatesSkipped;
            }
        }

        /** Copies a record (valid only during the decoder's callback) into the batch, growing it by doubling. */
        private void append(RawRecord record) {
            final int length = record.alignedSize();
            if (batch.remaining() < length) {
                final ByteBuffer bigger = ByteBuffer.allocate(Math.max(batch.capacity() * 2, batch.position() + length));
                batch.flip();
                bigger.put(batch);
                batch = bigger;
            }
            batch.put(record.buffer(), record.index(), length);
        }

        /**
         * Decodes {@code bytes}, stores the new records durably (write, mirror, fsync) and returns the
         * highest transid received on this connection that is now durable, for the ack; or throws
         * {@link MalformedJournalStreamException} naming the offset if the stream is malformed.
         */
        public long receive(byte[] bytes) throws IOException {
            return receive(List.of(ByteBuffer.wrap(bytes)));
        }

        /** {@link #receive(byte[])} for input arriving as several buffers (a socket's chunks), copied once. */
        public long receive(List<ByteBuffer> chunks) throws IOException {
            for (ByteBuffer chunk : chunks) {
                decoder.feed(chunk);
            }
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
            if (batch.position() == 0) {
                return;
            }
            batch.flip();
            if (consumer != null) {
                consumer.accept(Arrays.copyOfRange(batch.array(), 0, batch.limit()), 0, batch.limit());
            }
            while (batch.hasRemaining()) {
                bytesStored += channel.write(batch);
            }
            channel.force(false);
            batch.clear();
            if (batch.capacity() > MAX_RETAINED_BATCH) {
                batch = ByteBuffer.allocate(64 * 1024);
            }
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
