package io.kemu.actors.cluster.remote;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The layout of one record of a node's store log ({@link NodeLog}). Records follow each other
 * with no padding; the file holds nothing else.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      magic 'KNL1' (0x4B4E4C31)                 |  0
 *  +---------------------------------------------------------------+
 *  |                 payload length in bytes (int)                  |  4
 *  +---------------------------------------------------------------+
 *  |      CRC-32C of the length field and the payload (int)         |  8
 *  +---------------------------------------------------------------+
 *  | kind (byte): 1 change, 2 checkpoint |  writes (ChainWriteCodec) |  12 ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A <em>change</em> is installed on the store as it stands; a <em>checkpoint</em> replaces the
 * whole store (a fresh store, then its writes: the root and every child). All integers are
 * big-endian. A record is valid only when the whole of it is in the file, the magic matches, the
 * length is within {@link #MAX_PAYLOAD} and the CRC matches: anything else is a torn or corrupt
 * tail.
 */
final class NodeLogDescriptor {
    static final int MAGIC = 0x4B4E4C31;
    static final int MAGIC_OFFSET = 0;
    static final int LENGTH_OFFSET = 4;
    static final int CRC_OFFSET = 8;
    static final int HEADER_LENGTH = 12;

    static final byte KIND_CHANGE = 1;
    static final byte KIND_CHECKPOINT = 2;

    /** The largest payload a reader accepts: bounds the heap a damaged length field can ask for. */
    static final int MAX_PAYLOAD = 256 << 20;

    private NodeLogDescriptor() {
    }

    /** CRC-32C of the length field and the payload of the record in {@code record}. */
    static int crc(ByteBuffer record, int payload) {
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(LENGTH_OFFSET).limit(LENGTH_OFFSET + 4));
        crc.update(record.duplicate().position(HEADER_LENGTH).limit(HEADER_LENGTH + payload));
        return (int) crc.getValue();
    }
}
