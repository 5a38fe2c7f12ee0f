package io.kemu.actors.cluster.remote;

import static io.kemu.actors.cluster.remote.NodeLogDescriptor.CRC_OFFSET;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.HEADER_LENGTH;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.KIND_CHANGE;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.KIND_CHECKPOINT;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.LENGTH_OFFSET;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.MAGIC;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.MAGIC_OFFSET;

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
            Recovery recovery = NodeLogReplay.replay(channel, store);
            if (recovery.bytesKept() == 0 && recovery.bytesDropped() >= 4 && !NodeLogReplay.startsWithMagic(channel)) {
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
        record.putInt(CRC_OFFSET, NodeLogDescriptor.crc(record, payload));
        record.flip();
        while (record.hasRemaining()) {
            out.write(record);
        }
        out.force(false);
        return HEADER_LENGTH + payload;
    }
}
