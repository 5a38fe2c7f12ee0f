package io.kemu.vfs.jops;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A journal's id: the 32-byte {@code id[JIDMAX]} of the mountctl structures. Journals are matched
 * by comparing all 32 bytes ({@code bcmp}), so text ids are zero-padded; uniqueness is not enforced.
 */
public final class JournalId {
    /** {@code JIDMAX}. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private JournalId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** {@code text} in UTF-8, zero-filled to 32 bytes; IllegalArgumentException if longer. */
    public static JournalId of(String text) {
        final byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (raw.length > LENGTH) {
            throw new IllegalArgumentException("journal id longer than " + LENGTH + " bytes: " + text);
        }
        return new JournalId(Arrays.copyOf(raw, LENGTH));
    }

    /** Exactly the 32 bytes given (as the kernel copies them). */
    public static JournalId ofBytes(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("journal id must be " + LENGTH + " bytes, got " + raw.length);
        }
        return new JournalId(raw.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The id up to its first NUL, as {@code %.*s} prints it. */
    public String text() {
        int end = 0;
        while (end < LENGTH && bytes[end] != 0) {
            ++end;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return text();
    }
}
