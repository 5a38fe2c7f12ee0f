package io.kemu.actors.cluster.remote;

import static io.kemu.actors.cluster.remote.NodeLogDescriptor.CRC_OFFSET;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.HEADER_LENGTH;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.KIND_CHANGE;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.KIND_CHECKPOINT;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.LENGTH_OFFSET;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.MAGIC;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.MAGIC_OFFSET;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.MAX_PAYLOAD;

import io.kemu.actors.cluster.NodeDisk;
import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.ChainWrite;
import io.kemu.hammer2.replica.NodeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's store on disk: an append-only log of checksummed records ({@link NodeLogDescriptor})
 * in {@code DIR/chains.log}, replayed into a {@link NodeStore} when opened. Every change the node
 * makes is appended and forced to the device ({@code FileChannel.force}) before {@link #persist}
 * returns, so a node acknowledges only what survives a SIGKILL or a power cut.
 *
 * <p>Recovery: records are read from the start; the first record that is incomplete, has a bad
 * magic, an impossible length, a CRC mismatch or an undecodable body ends the log - it and
 * everything after it are dropped (the file is truncated there) and never installed. A torn tail
 * after SIGKILL loses only the change that was being written, which the node never acknowledged;
 * the node comes back stale anyway and is resynchronised from the quorum.
 *
 * <p>Checkpoints: once the log grows past {@code checkpointBytes}, the whole store is written as
 * one checkpoint record into {@code chains.log.checkpoint}, forced, and atomically renamed over the
 * log (the directory is forced too). A crash before the rename leaves the old log intact; the
 * leftover file is kemu's own and is removed at the next open.
 *
 * <p>Not thread-safe: used by the one node actor that owns the store (on a blocking-I/O dispatcher).
 */
public final class NodeLog implements NodeDisk, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLog.class);

    /** The log's file name inside the store directory. */
    public static final String LOG_FILE = "chains.log";
    static final String CHECKPOINT_FILE = "chains.log.checkpoint";

    /** What opening the log found: records replayed, the valid length and what was dropped and why. */
    public record Recovery(int changes, int checkpoints, long bytesKept, long bytesDropped, String dropReason) {
        @Override
        public String toString() {
            return changes + " changes and " + checkpoints + " checkpoints replayed from " + bytesKept + " bytes"
                    + (bytesDropped == 0 ? "" : "; dropped a " + bytesDropped + "-byte tail (" + dropReason + ")");
        }
    }

    private final Path dir;
    private final NodeStore store;
    private final long checkpointBytes;
    private final Recovery recovery;
    private FileChannel channel;
    private long size;

    private NodeLog(Path dir, NodeStore store, long checkpointBytes, FileChannel channel, Recovery recovery) {
        this.dir = dir;
        this.store = store;
        this.checkpointBytes = checkpointBytes;
        this.channel = channel;
        this.recovery = recovery;
        this.size = recovery.bytesKept();
    }

    /**
     * Opens (creating if needed) the store of {@code node} in {@code dir} and replays it; a torn or
     * corrupt tail is cut off. {@code checkpointBytes} bounds the log before it is compacted.
     */
    public static NodeLog open(Path dir, int node, long checkpointBytes) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(CHECKPOINT_FILE));
        FileChannel channel = FileChannel.open(dir.resolve(LOG_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            NodeStore store = new NodeStore(node);
            Recovery recovery = replay(channel, store);
            if (recovery.bytesKept() == 0 && recovery.bytesDropped() >= 4 && !startsWithMagic(channel)) {
                throw new IOException(dir.resolve(LOG_FILE) + " is not a kemu node store; left untouched");
            }
            if (recovery.bytesDropped() > 0) {
                log.warn("node {} store {}: {}", node, dir, recovery);
                channel.truncate(recovery.bytesKept());
                channel.force(true);
            }
            channel.position(recovery.bytesKept());
            return new NodeLog(dir, store, checkpointBytes, channel, recovery);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The store as replayed, then kept up to date by the node through {@link #persist}. */
    public NodeStore store() {
        return store;
    }

    public Recovery recovery() {
        return recovery;
    }

    /** Appends {@code writes} as one change and forces it to the device; may then checkpoint. */
    @Override
    public void persist(List<ChainWrite> writes) {
        try {
            size += append(channel, KIND_CHANGE, writes);
            if (size > checkpointBytes) {
                checkpoint();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("node " + store.node() + " store " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Replaces the log by one checkpoint record of the whole store (see the class comment). */
    private void checkpoint() throws IOException {
        Path temp = dir.resolve(CHECKPOINT_FILE);
        long written;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            written = append(out, KIND_CHECKPOINT, asWrites(store.dump()));
        }
        Files.move(temp, dir.resolve(LOG_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
        channel.close();
        channel = FileChannel.open(dir.resolve(LOG_FILE), StandardOpenOption.WRITE);
        channel.position(written);
        size = written;
    }

    /** The store's dump as writes that rebuild it on a fresh store: the root, then every child. */
    private static List<ChainWrite> asWrites(List<ChainImage> dump) {
        List<ChainWrite> writes = new ArrayList<>(dump.size());
        writes.add(new ChainWrite.PutRoot(dump.get(0)));
        for (ChainImage child : dump.subList(1, dump.size())) {
            writes.add(new ChainWrite.Put(child));
        }
        return writes;
    }

    /** Writes one record at the channel's position and forces it; returns its length. */
    private static int append(FileChannel out, byte kind, List<ChainWrite> writes) throws IOException {
        int payload = 1 + ChainWriteCodec.encodedLength(writes);
        ByteBuffer record = ByteBuffer.allocate(HEADER_LENGTH + payload);
        record.putInt(MAGIC_OFFSET, MAGIC).putInt(LENGTH_OFFSET, payload).position(HEADER_LENGTH);
        record.put(kind);
        ChainWriteCodec.encode(writes, record);
        record.putInt(CRC_OFFSET, crc(record, payload));
        record.flip();
        while (record.hasRemaining()) {
            out.write(record);
        }
        out.force(false);
        return HEADER_LENGTH + payload;
    }

    /** CRC-32C of the length field and the payload of the record in {@code record}. */
    private static int crc(ByteBuffer record, int payload) {
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(LENGTH_OFFSET).limit(LENGTH_OFFSET + 4));
        crc.update(record.duplicate().position(HEADER_LENGTH).limit(HEADER_LENGTH + payload));
        return (int) crc.getValue();
    }

    /** Installs every valid record into {@code store}; stops at the first invalid one. */
    private static Recovery replay(FileChannel channel, NodeStore store) throws IOException {
        long fileSize = channel.size();
        long position = 0;
        int changes = 0;
        int checkpoints = 0;
        String dropReason = null;
        NodeStore target = store;
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        while (position < fileSize) {
            if (fileSize - position < HEADER_LENGTH) {
                dropReason = "incomplete record header";
                break;
            }
            readFully(channel, header.clear(), position);
            int length = header.getInt(LENGTH_OFFSET);
            if (header.getInt(MAGIC_OFFSET) != MAGIC) {
                dropReason = "bad record magic at offset " + position;
                break;
            }
            if (length < 1 || length > MAX_PAYLOAD || length > fileSize - position - HEADER_LENGTH) {
                dropReason = "record length " + length + " does not fit at offset " + position;
                break;
            }
            ByteBuffer record = ByteBuffer.allocate(HEADER_LENGTH + length);
            record.put(header);
            readFully(channel, record, position + HEADER_LENGTH);
            if (crc(record, length) != record.getInt(CRC_OFFSET)) {
                dropReason = "checksum mismatch at offset " + position;
                break;
            }
            byte kind = record.get(HEADER_LENGTH);
            List<ChainWrite> writes;
            try {
                writes = ChainWriteCodec.decode(record.position(HEADER_LENGTH + 1));
            } catch (IllegalStateException e) {
                dropReason = e.getMessage() + " at offset " + position;
                break;
            }
            if (kind == KIND_CHECKPOINT) {
                checkpoints++;
                resetTo(target, writes);
            } else if (kind == KIND_CHANGE) {
                changes++;
                target.install(writes);
            } else {
                dropReason = "unknown record kind " + kind + " at offset " + position;
                break;
            }
            position += HEADER_LENGTH + length;
        }
        return new Recovery(changes, checkpoints, position, fileSize - position, dropReason);
    }

    /**
     * Makes {@code store} hold exactly the checkpoint {@code writes}: children not in it are
     * removed, then the checkpoint is installed. (A checkpoint is only ever the first record, but
     * replay does not depend on that.)
     */
    private static void resetTo(NodeStore store, List<ChainWrite> writes) {
        List<ChainWrite> removals = new ArrayList<>();
        for (ChainImage child : store.dump().subList(1, store.dump().size())) {
            removals.add(new ChainWrite.Remove(child.key()));
        }
        store.install(removals);
        store.install(writes);
    }

    private static boolean startsWithMagic(FileChannel channel) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(4);
        readFully(channel, magic, 0);
        return magic.getInt(0) == MAGIC;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                throw new IOException("log shrank while being read at offset " + at);
            }
            at += read;
        }
        into.flip();
    }
}
