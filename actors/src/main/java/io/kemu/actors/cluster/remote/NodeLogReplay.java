package io.kemu.actors.cluster.remote;

import static io.kemu.actors.cluster.remote.NodeLogDescriptor.CRC_OFFSET;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.HEADER_LENGTH;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.KIND_CHANGE;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.KIND_CHECKPOINT;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.LENGTH_OFFSET;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.MAGIC;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.MAGIC_OFFSET;
import static io.kemu.actors.cluster.remote.NodeLogDescriptor.MAX_PAYLOAD;

import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.ChainWrite;
import io.kemu.hammer2.replica.NodeStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Recovery of a {@link NodeLog}: reads the log's records ({@link NodeLogDescriptor}) from the start
 * and installs each valid one into a store, stopping at the first record that is incomplete, has a
 * bad magic, an impossible length, a CRC mismatch, an undecodable body or an unknown kind. It only
 * reads: cutting the dropped tail off is {@link NodeLog#open}'s. Stateless; called on the thread
 * that opens the log.
 */
final class NodeLogReplay {

    private NodeLogReplay() {
    }

    /** Installs every valid record into {@code store}; stops at the first invalid one. */
    static NodeLog.Recovery replay(FileChannel channel, NodeStore store) throws IOException {
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
            if (NodeLogDescriptor.crc(record, length) != record.getInt(CRC_OFFSET)) {
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
        return new NodeLog.Recovery(changes, checkpoints, position, fileSize - position, dropReason);
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

    static boolean startsWithMagic(FileChannel channel) throws IOException {
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
