package io.kemu.actors.cluster.remote;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.ChainWrite;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a list of {@link ChainWrite}s in a {@link NodeLog} record (big-endian):
 *
 * <pre>
 *   count (int), then per write: tag (byte) 1 put-root, 2 put, 3 remove
 *     put-root, put: image = type code (byte, BrefType.code), key (long), keybits (byte),
 *                    modify_tid (long), flags (int), methods (int), bytes (int), data (bytes)
 *     remove:        key (long)
 * </pre>
 *
 * Decoding a payload whose CRC matched can still fail only if the writer had a bug; it then
 * throws {@link IllegalStateException} rather than return a partial list.
 */
final class ChainWriteCodec {
    private static final byte TAG_PUT_ROOT = 1;
    private static final byte TAG_PUT = 2;
    private static final byte TAG_REMOVE = 3;
    private static final int IMAGE_FIXED_BYTES = 1 + 8 + 1 + 8 + 4 + 4 + 4;

    private ChainWriteCodec() {
    }

    static int encodedLength(List<ChainWrite> writes) {
        int length = 4;
        for (ChainWrite write : writes) {
            if (write instanceof ChainWrite.PutRoot put) {
                length += 1 + IMAGE_FIXED_BYTES + put.image().bytes();
            } else if (write instanceof ChainWrite.Put put) {
                length += 1 + IMAGE_FIXED_BYTES + put.image().bytes();
            } else {
                length += 1 + 8;
            }
        }
        return length;
    }

    static void encode(List<ChainWrite> writes, ByteBuffer out) {
        out.putInt(writes.size());
        for (ChainWrite write : writes) {
            if (write instanceof ChainWrite.PutRoot put) {
                putImage(out.put(TAG_PUT_ROOT), put.image());
            } else if (write instanceof ChainWrite.Put put) {
                putImage(out.put(TAG_PUT), put.image());
            } else {
                out.put(TAG_REMOVE).putLong(((ChainWrite.Remove) write).key());
            }
        }
    }

    static List<ChainWrite> decode(ByteBuffer in) {
        try {
            int count = in.getInt();
            if (count < 0 || count > in.remaining()) {
                throw new IllegalStateException("write count " + count + " with " + in.remaining() + " bytes left");
            }
            List<ChainWrite> writes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte tag = in.get();
                writes.add(switch (tag) {
                    case TAG_PUT_ROOT -> new ChainWrite.PutRoot(getImage(in));
                    case TAG_PUT -> new ChainWrite.Put(getImage(in));
                    case TAG_REMOVE -> new ChainWrite.Remove(in.getLong());
                    default -> throw new IllegalStateException("unknown write tag " + tag);
                });
            }
            if (in.hasRemaining()) {
                throw new IllegalStateException(in.remaining() + " bytes after the last write");
            }
            return writes;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IllegalStateException("undecodable writes: " + e, e);
        }
    }

    private static void putImage(ByteBuffer out, ChainImage image) {
        Blockref bref = image.bref();
        out.put((byte) bref.type().code()).putLong(bref.key()).put((byte) bref.keybits()).putLong(bref.modifyTid())
                .putInt(bref.flags()).putInt(bref.methods()).putInt(image.bytes()).put(image.data());
    }

    private static ChainImage getImage(ByteBuffer in) {
        BrefType type = typeOf(in.get() & 0xff);
        long key = in.getLong();
        int keybits = in.get() & 0xff;
        long modifyTid = in.getLong();
        int flags = in.getInt();
        int methods = in.getInt();
        int bytes = in.getInt();
        if (bytes < 0 || bytes > in.remaining()) {
            throw new IllegalStateException("image of " + bytes + " bytes with " + in.remaining() + " left");
        }
        byte[] data = new byte[bytes];
        in.get(data);
        return new ChainImage(new Blockref(type, key, keybits, modifyTid, flags, methods), bytes, data);
    }

    private static BrefType typeOf(int code) {
        for (BrefType type : BrefType.values()) {
            if (type.code() == code) {
                return type;
            }
        }
        throw new IllegalStateException("unknown blockref type " + code);
    }
}
