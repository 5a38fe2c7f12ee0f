package io.kemu.hammer2.chain;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The directory hash that turns a name into a directory key, after hammer2_dirhash(): the high
 * 32 bits combine CRCs of the name's components (split at '.', '-', '_', '~'), bits 16..31 come
 * from a CRC of the whole name, bit 15 ({@code HAMMER2_DIRHASH_VISIBLE}) is always set and the
 * low 15 bits are left for collision iteration.
 */
public final class DirHash {
    /** {@code HAMMER2_DIRHASH_VISIBLE}. */
    public static final long VISIBLE = 0x8000L;
    /** {@code HAMMER2_DIRHASH_LOMASK}: the collision-iteration bits. */
    public static final long LOMASK = 0x7FFFL;

    private DirHash() {
    }

    public static long of(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        long components = 0;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            boolean separator = i == bytes.length
                    || bytes[i] == '.' || bytes[i] == '-' || bytes[i] == '_' || bytes[i] == '~';
            if (separator) {
                if (i != start) {
                    components += crc(bytes, start, i - start);
                }
                start = i + 1;
            }
        }
        long whole = crc(bytes, 0, bytes.length);
        whole ^= whole << 16;
        return ((components & 0xFFFFFFFFL) << 32) | (whole & 0xFFFF0000L) | VISIBLE;
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
