package io.kemu.hammer2.chain;

import java.util.Objects;

/**
 * The fields of {@code hammer2_blockref_t} the cluster code reads: type, key, keybits, modify_tid,
 * flags and the check/compression methods byte. Immutable; chains replace their bref when it
 * changes. The data offset is per-node and deliberately absent (hammer2_cluster_bref() zeroes it).
 *
 * <p>{@code key} and {@code modifyTid} are unsigned 64-bit numbers held in a {@code long}: compare
 * them with {@link Long#compareUnsigned}, never with {@code <}. {@code keybits} is the radix of
 * the key range the blockref covers: {@code [key, key + 2^keybits - 1]}.
 */
public record Blockref(BrefType type, long key, int keybits, long modifyTid, int flags, int methods) {

    /** {@code HAMMER2_BREF_FLAG_PFSROOT}: the blockref points at a PFS root inode. */
    public static final int FLAG_PFSROOT = 0x01;

    /** Largest keybits a key range can have (the key is 64 bits wide). */
    public static final int MAX_KEYBITS = 64;

    public Blockref {
        Objects.requireNonNull(type, "type");
        if (keybits < 0 || keybits > 255) {
            throw new IllegalArgumentException("keybits " + keybits + " outside 0..255");
        }
    }

    /** A blockref of the given type and key range, not yet modified (modify_tid 0). */
    public static Blockref of(BrefType type, long key, int keybits) {
        return new Blockref(type, key, keybits, 0L, 0, 0);
    }

    public Blockref withKey(long newKey, int newKeybits) {
        return new Blockref(type, newKey, newKeybits, modifyTid, flags, methods);
    }

    public Blockref withModifyTid(long tid) {
        return new Blockref(type, key, keybits, tid, flags, methods);
    }

    public Blockref withFlags(int newFlags) {
        return new Blockref(type, key, keybits, modifyTid, newFlags, methods);
    }

    public Blockref withMethods(int newMethods) {
        return new Blockref(type, key, keybits, modifyTid, flags, newMethods);
    }

    /**
     * The last key of the range, {@code key + 2^keybits - 1}, saturating at 2^64-1 when the range
     * reaches the end of the key space (keybits 64 and above cover everything from key on).
     */
    public long keyLast() {
        if (keybits >= MAX_KEYBITS) {
            return -1L;
        }
        long last = key + ((1L << keybits) - 1);
        return Long.compareUnsigned(last, key) < 0 ? -1L : last;
    }

    /** True when {@code [key, keyLast()]} and {@code [beg, end]} share at least one key. */
    public boolean overlaps(long beg, long end) {
        return Long.compareUnsigned(key, end) <= 0 && Long.compareUnsigned(keyLast(), beg) >= 0;
    }
}
