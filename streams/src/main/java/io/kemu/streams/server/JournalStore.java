package io.kemu.streams.server;

import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.RecordDecoder;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.StreamId;
import io.kemu.journal.wire.SubRecordDescriptor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable side of a journal target: one journal file holding one journal's stream, exactly as the
 * journal sent it, and the rule that an acknowledgement names only what this file holds on disk.
 *
 * <h2>What is stored, what is a replay</h2>
 * One journal session at a time ({@link #connection}); a second concurrent one is refused. A
 * restarted journal resends everything not acknowledged, from its oldest unacknowledged record, so a
 * session's stream must begin at one of these places, else it is refused (never absorbed):
 * <ul>
 *   <li>an empty store: the journal's first record, its ASSOCIATE;</li>
 *   <li>a record the store holds (same transid, byte-identical): a replay. The records that follow
 *       must go on matching the store's, one by one, up to its last record; after that they are new;</li>
 *   <li>just after the store's last record (a transid above it by at most {@link #CONTINUATION_GAP}),
 *       unless that journal ended (DISASSOCIATE);</li>
 *   <li>after a journal that ended: a new journal's ASSOCIATE, with a higher transid.</li>
 * </ul>
 * New records must have strictly increasing transids. A replay is acknowledged only after the records
 * it matched are durable; nothing is ever acknowledged because of a transid seen elsewhere.
 *
 * <h2>Durability</h2>
 * New records are written by the connection's I/O thread ({@link Connection#receive}); {@link
 * #durable(long)} answers once an fsync covers that length ({@link GroupCommit}; an {@link #inMemory}
 * store's file is durable once written, {@link ImmediateCommit}). The acks wait for it.
 * On open, an incomplete record at the end of the file (a write cut by a crash) is cut off; nothing
 * else is ever changed.
 *
 * <h2>Consumers</h2>
 * An optional {@link StreamConsumer} (the live mirror) is told each new durable length and reads the
 * file itself, on its own thread, so it never holds back storing or acking.
 *
 * <p>Threading: {@link Connection#receive} for all connections runs on one I/O thread; {@link
 * #connection} and {@link Connection#close} may run anywhere. Time (the slow-record cut, the session
 * wait's retries) comes from a {@link TargetClock}: the wall clock for {@link #open}ed stores.
 */
public final class JournalStore implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(JournalStore.class);

    /** How far above the store's last transid a continuing stream may begin: each record aborted at the ring's head leaves a gap of 2. */
    public static final long CONTINUATION_GAP = 1024;
    /** Bytes of file behind the end whose records a replay may begin with: the largest ring, plus slack. */
    static final long REPLAY_WINDOW = 160L << 20;
    /** How often a connection waiting for the session in progress to end tries again. */
    private static final Duration SESSION_RETRY = Duration.ofMillis(20);
    /** A connection keeps a batch buffer up to this size between inputs; a larger one is let go. */
    private static final int MAX_RETAINED_BATCH = 8 << 20;

    /**
     * Reads the store's durable bytes (for example a mirror). {@link #resumeAfterTransid()} is asked
     * before the file is scanned; {@link #start} then names the offset of the first record above that
     * transid; {@link #durable} follows each fsync and must not block.
     */
    public interface StreamConsumer extends Closeable {
        long resumeAfterTransid();

        void start(Path file, long fromOffset, long durableLength) throws IOException;

        void durable(long durableLength);
    }

    /** What one input produced: the transid to acknowledge and the file length that must be durable first. */
    public record Receipt(long transid, long requiredLength) {}

    private final Path file;
    private final FileChannel channel;
    private final StreamConsumer consumer;
    private final Commit commit;
    private final TargetClock clock;
    private final StoredRecordIndex index;
    private final AtomicReference<Connection> session = new AtomicReference<>();
    private final AtomicLong buffered = new AtomicLong();
    /** Bytes of whole records written or staged; the next record's offset. */
    private long length;
    private long lastTransid;
    private boolean empty;
    private boolean sessionEnded;
    private long recordsStored;
    private long duplicatesSkipped;
    private long bytesStored;
    /** Written by the connections' one I/O thread, read by reports. */
    private volatile long receiveNanos;

    private JournalStore(Path file, FileChannel channel, StreamConsumer consumer, Scan scan, Commit commit,
            TargetClock clock) {
        this.file = file;
        this.channel = channel;
        this.consumer = consumer;
        this.commit = commit;
        this.clock = clock;
        this.index = scan.index;
        this.length = scan.length;
        this.lastTransid = scan.lastTransid;
        this.empty = scan.empty;
        this.sessionEnded = scan.ended;
    }

    /** Opens (creating if needed) {@code file}; {@code consumer} may be null. */
    public static JournalStore open(Path file, StreamConsumer consumer) throws IOException {
        return open(file, consumer, UnaryOperator.identity());
    }

    /** {@link #open(Path, StreamConsumer)} with the file's channel wrapped (a test seam for fsync). */
    static JournalStore open(Path file, StreamConsumer consumer, UnaryOperator<FileChannel> wrap) throws IOException {
        final FileChannel channel = wrap.apply(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
        try {
            final long resumeAfter = consumer == null ? Long.MAX_VALUE : consumer.resumeAfterTransid();
            final Scan scan = Scan.of(file.toString(), channel, resumeAfter);
            if (channel.size() > scan.length) {
                log.warn("journal file {}: cutting off {} bytes of an incomplete record at offset {} (a write cut short)",
                        file, channel.size() - scan.length, scan.length);
                channel.truncate(scan.length);
            }
            channel.force(true);
            final JournalStore store = new JournalStore(file, channel, consumer, scan, new GroupCommit(channel,
                    scan.length, file.getFileName().toString(), consumer == null ? l -> { } : consumer::durable),
                    TargetClock.SYSTEM);
            if (consumer != null) {
                consumer.start(file, scan.consumerStart < 0 ? scan.length : scan.consumerStart, scan.length);
            }
            return store;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A store over an in-memory file of at most {@code maxBytes} ({@link MemoryFileChannel}), durable
     * as soon as written ({@link ImmediateCommit}), reading time and retrying on {@code clock}, with no
     * consumer: the simulated disk of the deterministic thread model, where none of the store's work
     * may leave the driver thread. {@link #file()} is null; {@link #copyTo} writes out what it holds.
     * {@code name} appears in logs.
     */
    public static JournalStore inMemory(String name, long maxBytes, TargetClock clock) throws IOException {
        final MemoryFileChannel channel = new MemoryFileChannel(maxBytes);
        final Scan scan = Scan.of(name, channel, Long.MAX_VALUE);
        return new JournalStore(null, channel, null, scan, new ImmediateCommit(scan.length, l -> { }), clock);
    }

    /** What the file holds, found by decoding it once at open. */
    private static final class Scan implements RecordDecoder.Listener {
        final StoredRecordIndex index = new StoredRecordIndex(REPLAY_WINDOW);
        final String file;
        final long resumeAfter;
        long length;
        long lastTransid = Long.MIN_VALUE;
        boolean empty = true;
        boolean ended;
        long consumerStart = -1;

        private Scan(String file, long resumeAfter) {
            this.file = file;
            this.resumeAfter = resumeAfter;
        }

        static Scan of(String file, FileChannel channel, long resumeAfter) throws IOException {
            final Scan scan = new Scan(file, resumeAfter);
            final RecordDecoder decoder = new RecordDecoder(scan);
            final ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            long at = 0;
            final long size = channel.size();
            while (at < size) {
                chunk.clear();
                final int n = channel.read(chunk, at);
                if (n <= 0) {
                    break;
                }
                chunk.flip();
                decoder.feed(chunk);
                at += n;
            }
            decoder.finish();
            return scan;
        }

        @Override
        public void onRecord(RawRecord record) {
            length = record.offset() + record.alignedSize();
            if (record.isPad()) {
                return;
            }
            if (!empty && record.transid() <= lastTransid) {
                log.warn("journal file {}: transid {} at offset {} does not increase; replays are matched from here on",
                        file, Long.toHexString(record.transid()), record.offset());
                index.clear();
            }
            empty = false;
            index.add(record.transid(), record.offset(), record.alignedSize());
            lastTransid = record.transid();
            ended = isControl(record, RecordType.DISASSOCIATE);
            if (consumerStart < 0 && record.transid() > resumeAfter) {
                consumerStart = record.offset();
            }
        }

        @Override
        public void onProblem(ScanProblem problem) {
            log.warn("journal file {}: {}", file, problem);
        }
    }

    /** True for a control record ({@code DISCONT} stream) whose first sub-record is {@code rectype}. */
    static boolean isControl(RawRecord record, int rectype) {
        return record.id() == StreamId.DISCONT && record.isBegin()
                && record.payloadLength() >= SubRecordDescriptor.LENGTH
                && (SubRecordDescriptor.rectype(record.buffer(), record.payloadIndex()) & RecordType.SUBTYPE_MASK) == rectype;
    }

    /**
     * Begins a journal session for {@code peer} under {@code settings}' limits; refused ({@link
     * StreamRefusedException}) while another session is open. Close it when the connection ends.
     */
    public Connection connection(String peer, JournalTargetServer.TargetSettings settings) {
        final Connection connection = new Connection(peer, settings);
        if (!session.compareAndSet(null, connection)) {
            final Connection other = session.get();
            throw new StreamRefusedException(peer + ": refused, the store already serves a journal session from "
                    + (other == null ? "another peer" : other.peer) + " (one at a time)");
        }
        return connection;
    }

    /**
     * {@link #connection(String, JournalTargetServer.TargetSettings)}, waiting up to {@code
     * settings.sessionWait()} for the session in progress to end: a journal that lost its connection
     * reconnects at once, often before the target has noticed the old connection end. Never blocks a
     * thread: retries on a timer. Cancelling the result stops the wait; a session obtained after that
     * is given up at once.
     */
    public CompletableFuture<Connection> connectionWhenFree(String peer, JournalTargetServer.TargetSettings settings) {
        final CompletableFuture<Connection> result = new CompletableFuture<>();
        tryConnect(peer, settings, clock.nanoTime() + settings.sessionWait().toNanos(), result);
        return result;
    }

    private void tryConnect(String peer, JournalTargetServer.TargetSettings settings, long deadline,
            CompletableFuture<Connection> result) {
        if (result.isDone()) {
            return;
        }
        try {
            final Connection connection = connection(peer, settings);
            if (!result.complete(connection)) {
                connection.close();
            }
        } catch (StreamRefusedException busy) {
            if (clock.nanoTime() - deadline >= 0) {
                result.completeExceptionally(busy);
            } else {
                clock.schedule(SESSION_RETRY, () -> tryConnect(peer, settings, deadline, result));
            }
        }
    }

    /** {@link #connection(String, JournalTargetServer.TargetSettings)} with the default limits. */
    public Connection connection(String peer) {
        return connection(peer, JournalTargetServer.TargetSettings.DEFAULT);
    }

    /** Completes when the file is durable up to {@code requiredLength}. */
    public CompletableFuture<Void> durable(long requiredLength) {
        return commit.durable(requiredLength);
    }

    /**
     * One journal session's stream: a decoder, a limit check on each record header before its bytes
     * are buffered, and the replay/live decision described on {@link JournalStore}.
     */
    public final class Connection implements AutoCloseable {
        private final String peer;
        private final JournalTargetServer.TargetSettings settings;
        private final RecordDecoder decoder;
        private final HeaderWalker walker = new HeaderWalker();
        /**
         * The records to write next, in a direct buffer: {@code FileChannel.write} copies a heap
         * buffer into a temporary direct one first, so a direct batch saves one copy of each byte.
         */
        private ByteBuffer batch = ByteBuffer.allocateDirect(64 * 1024);
        /** Where the batch goes in the file. */
        private long batchOffset = -1;
        private Phase phase = Phase.NEW;
        private int replayCursor;
        private RuntimeException refusal;
        private String problem;
        private long highestTaken = Long.MIN_VALUE;
        private long requiredLength;
        private long reserved;
        private long pendingSince = -1;
        private long pendingAt = -1;
        private volatile boolean closed;

        private Connection(String peer, JournalTargetServer.TargetSettings settings) {
            this.peer = peer;
            this.settings = settings;
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
            if (problem != null || refusal != null) {
                return;
            }
            if (record.isPad()) {
                if (phase == Phase.REPLAY && replayCursor == index.size()) {
                    phase = Phase.LIVE;
                    if (length - endOfLastRecord() == record.alignedSize()) {
                        // the replay reached the store's end, and this pad is what the file holds after
                        // its last record: stored already (pads are never indexed)
                        return;
                    }
                }
                if (phase == Phase.LIVE) {
                    append(record);
                }
                return;
            }
            switch (phase) {
                case NEW -> begin(record);
                case REPLAY -> replay(record);
                case LIVE -> live(record);
                default -> throw new IllegalStateException(phase.toString());
            }
        }

        /** The session's first record decides what the stream is (see the class comment). */
        private void begin(RawRecord record) {
            final boolean associate = isControl(record, RecordType.ASSOCIATE);
            if (empty) {
                if (!associate) {
                    refuse("this store is empty and expects a journal's first record (ASSOCIATE), but the stream begins "
                            + describe(record));
                    return;
                }
                phase = Phase.LIVE;
                live(record);
                return;
            }
            final int held = index.find(record.transid());
            if (held >= 0) {
                phase = Phase.REPLAY;
                replayCursor = held;
                replay(record);
                return;
            }
            final boolean follows = record.transid() > lastTransid;
            if (follows && (sessionEnded ? associate : record.transid() - lastTransid <= CONTINUATION_GAP)) {
                phase = Phase.LIVE;
                if (associate) {
                    log.info("target: {} begins a new journal session at transid {}", peer, Long.toHexString(record.transid()));
                }
                live(record);
                return;
            }
            refuse("the stream begins " + describe(record) + ", which this store neither holds nor expects (its journal "
                    + (sessionEnded ? "ended" : "ends") + " at transid " + Long.toHexString(lastTransid)
                    + "); a different journal needs its own journal file");
        }

        /** Where the store's last (indexed, not pad) record ends; 0 with none. */
        private long endOfLastRecord() {
            final int last = index.size() - 1;
            return last < 0 ? 0 : index.offset(last) + index.alignedSize(last);
        }

        /** A record the store must already hold, in the same order and with the same bytes. */
        private void replay(RawRecord record) {
            if (replayCursor == index.size()) {
                phase = Phase.LIVE;
                live(record);
                return;
            }
            final long expected = index.transid(replayCursor);
            if (record.transid() != expected || !sameBytes(record, replayCursor)) {
                refuse("the replay diverges from the stored journal at " + describe(record) + " (the store holds transid "
                        + Long.toHexString(expected) + " there)");
                return;
            }
            requiredLength = Math.max(requiredLength, index.offset(replayCursor) + index.alignedSize(replayCursor));
            highestTaken = record.transid();
            replayCursor++;
            duplicatesSkipped++;
        }

        private boolean sameBytes(RawRecord record, int i) {
            final int size = index.alignedSize(i);
            if (record.alignedSize() != size) {
                return false;
            }
            final ByteBuffer stored = ByteBuffer.allocate(size);
            try {
                final long offset = index.offset(i);
                while (stored.hasRemaining()) {
                    if (channel.read(stored, offset + stored.position()) < 0) {
                        return false;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Arrays.equals(stored.array(), 0, size, record.buffer(), record.index(), record.index() + size);
        }

        private void live(RawRecord record) {
            if (record.transid() <= lastTransid && !empty) {
                refuse("transid " + Long.toHexString(record.transid()) + " at stream offset " + record.offset()
                        + " does not follow the store's last transid " + Long.toHexString(lastTransid));
                return;
            }
            final long offset = length;
            append(record);
            index.add(record.transid(), offset, record.alignedSize());
            empty = false;
            lastTransid = record.transid();
            sessionEnded = isControl(record, RecordType.DISASSOCIATE);
            requiredLength = length;
            highestTaken = record.transid();
            recordsStored++;
        }

        private void refuse(String reason) {
            if (refusal == null) {
                refusal = new StreamRefusedException(peer + ": " + reason);
            }
        }

        /** Copies a record (valid only during the decoder's callback) into the batch, growing it by doubling. */
        private void append(RawRecord record) {
            final int size = record.alignedSize();
            if (batchOffset < 0) {
                batchOffset = length;
            }
            if (batch.remaining() < size) {
                final ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(batch.capacity() * 2, batch.position() + size));
                batch.flip();
                bigger.put(batch);
                batch = bigger;
            }
            batch.put(record.buffer(), record.index(), size);
            length += size;
        }

        /**
         * Decodes {@code chunks} and writes the new records (without waiting for fsync). Returns the
         * transid to acknowledge once {@link #durable} covers the receipt's length; throws {@link
         * MalformedJournalStreamException} for bytes that are not a journal stream and {@link
         * StreamRefusedException} for a stream this store does not take or a broken limit. Records
         * taken before a refusal are still written (they are a valid continuation).
         */
        public Receipt receive(List<ByteBuffer> chunks) throws IOException {
            if (closed) {
                throw new StreamRefusedException(peer + ": connection closed");
            }
            final long started = System.nanoTime();
            try {
                for (ByteBuffer chunk : chunks) {
                    walker.walk(chunk);
                    if (refusal != null) {
                        break;
                    }
                    decoder.feed(chunk);
                    if (refusal != null || problem != null) {
                        break;
                    }
                }
            } finally {
                flushBatch();
                receiveNanos += System.nanoTime() - started;
            }
            if (refusal == null && problem == null) {
                problem = decoder.garbageInProgress();
            }
            if (problem != null) {
                throw new MalformedJournalStreamException(peer + ": " + problem);
            }
            if (refusal != null) {
                throw refusal;
            }
            checkSlowRecord();
            return new Receipt(highestTaken, requiredLength);
        }

        /**
         * {@link #receive(List)} then waits until the receipt is durable; returns the transid to
         * acknowledge. Blocks the calling thread on the fsync thread: for synchronous callers off any
         * dispatcher (tests, tools); the server itself uses {@link #receive(List)} and {@link JournalStore#durable}.
         */
        public long receiveDurably(byte[] bytes) throws IOException {
            final Receipt receipt = receive(List.of(ByteBuffer.wrap(bytes)));
            durable(receipt.requiredLength()).join();
            return receipt.transid();
        }

        /** A record begun but not finished within the record timeout: a slow (or stalled) sender. */
        private void checkSlowRecord() {
            if (decoder.pendingBytes() == 0) {
                pendingAt = -1;
                return;
            }
            final long now = clock.nanoTime();
            if (pendingAt != decoder.position()) {
                pendingAt = decoder.position();
                pendingSince = now;
            } else if (now - pendingSince > settings.recordTimeout().toNanos()) {
                throw new StreamRefusedException(peer + ": cut, a record at stream offset " + pendingAt
                        + " has been incomplete for more than " + settings.recordTimeout().toMillis() + " ms (a slow sender)");
            }
        }

        private void flushBatch() throws IOException {
            if (batch.position() == 0) {
                return;
            }
            batch.flip();
            long at = batchOffset;
            while (batch.hasRemaining()) {
                final int n = channel.write(batch, at);
                at += n;
                bytesStored += n;
            }
            commit.written(at);
            batch.clear();
            batchOffset = -1;
            if (batch.capacity() > MAX_RETAINED_BATCH) {
                batch = ByteBuffer.allocateDirect(64 * 1024);
            }
        }

        /** Bytes received but not yet a whole record (dropped if the connection ends here). */
        public int pendingBytes() {
            return decoder.pendingBytes();
        }

        /** Ends the session: the store takes the next one. Idempotent. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            reserve(0);
            session.compareAndSet(this, null);
        }

        /** Holds {@code bytes} of the store-wide buffer budget for this connection's record in progress. */
        private boolean reserve(long bytes) {
            final long delta = bytes - reserved;
            if (delta > 0 && buffered.addAndGet(delta) > settings.maxBufferedBytes()) {
                buffered.addAndGet(-delta);
                return false;
            }
            if (delta < 0) {
                buffered.addAndGet(delta);
            }
            reserved = bytes;
            return true;
        }

        /**
         * Reads each record header as it arrives, before the decoder buffers the record: a declared
         * size over the per-connection limit, or one the store-wide buffer budget cannot hold, is
         * refused first. Headers may be split across chunks; malformed ones are left to the decoder.
         */
        private final class HeaderWalker {
            private final byte[] header = new byte[RawRecordHeaderDescriptor.LENGTH];
            private int headerFill;
            private long received;
            private long nextHeader;
            private int inProgress;
            private boolean lost;

            void walk(ByteBuffer chunk) {
                final long base = received;
                final long end = base + chunk.remaining();
                while (!lost) {
                    final long from = Math.max(nextHeader + headerFill, base);
                    if (from >= end) {
                        break;
                    }
                    final int n = (int) (Math.min(nextHeader + header.length, end) - from);
                    chunk.get(chunk.position() + (int) (from - base), header, (int) (from - nextHeader), n);
                    headerFill += n;
                    if (headerFill < header.length) {
                        break;
                    }
                    final int recsize = RawRecordHeaderDescriptor.recsize(header, 0);
                    if (RawRecordHeaderDescriptor.begmagic(header, 0) != 0x1234
                            || recsize < RawRecordHeaderDescriptor.MIN_RECSIZE) {
                        lost = true;
                        break;
                    }
                    if (recsize > settings.maxRecordBytes()) {
                        refuse("a record of " + recsize + " bytes at stream offset " + nextHeader
                                + " exceeds the target's limit of " + settings.maxRecordBytes() + " bytes per record");
                        return;
                    }
                    inProgress = RawRecordHeaderDescriptor.alignedSize(recsize);
                    nextHeader += inProgress;
                    headerFill = 0;
                }
                received = end;
                final long held = lost ? Math.min(decoder.pendingBytes() + (end - base), settings.maxRecordBytes())
                        : nextHeader > end ? inProgress : headerFill;
                if (!reserve(held)) {
                    refuse("the target's buffer budget of " + settings.maxBufferedBytes()
                            + " bytes for records in progress is used up; try again later");
                }
            }
        }
    }

    private enum Phase { NEW, REPLAY, LIVE }

    private static String describe(RawRecord record) {
        return String.format("with stream 0x%04x transid %s", record.streamId(), Long.toHexString(record.transid()));
    }

    /** The journal file; null for an {@link #inMemory} store. */
    public Path file() {
        return file;
    }

    /**
     * Writes the whole records the store holds to {@code target} (created, or replaced): an in-memory
     * store's journal, to be checked offline like a file target's. The store must be open.
     */
    public void copyTo(Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            final ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            long at = 0;
            while (at < length) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), length - at));
                final int n = channel.read(chunk, at);
                if (n <= 0) {
                    throw new IOException("the store's file ends at " + at + ", before its " + length + " bytes of records");
                }
                chunk.flip();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                at += n;
            }
        }
    }

    /** The last transid stored (Long.MIN_VALUE when empty). */
    public long highestStored() {
        return empty ? Long.MIN_VALUE : lastTransid;
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

    /** The length of the file known durable (forced). */
    public long durableLength() {
        return commit.forcedLength();
    }

    /** fsync calls made for acknowledgements so far. */
    public long forces() {
        return commit.forces();
    }

    /** Time spent in fsync for acknowledgements so far (on the store's fsync thread). */
    public long forceNanos() {
        return commit.forceNanos();
    }

    /**
     * Time the connections' I/O thread spent taking received bytes in: decoding, checking and writing
     * them to the file (not the fsync, which runs beside it).
     */
    public long receiveNanos() {
        return receiveNanos;
    }

    /** Bytes the connections currently hold for records in progress, store-wide. */
    public long bufferedBytes() {
        return buffered.get();
    }

    /**
     * Stops as a kill would (for crash tests and {@code kemu bench hostile}): no final fsync, the
     * consumer is not told. What was forced stays; what was only written may or may not.
     */
    public void abandon() throws IOException {
        commit.close();
        channel.close();
    }

    /** Forces everything written, hands the consumer the whole file, and closes both. */
    @Override
    public void close() throws IOException {
        try {
            commit.close();
            channel.force(true);
            channel.close();
            if (consumer != null) {
                consumer.durable(length);
            }
        } finally {
            if (consumer != null) {
                consumer.close();
            }
        }
    }
}
