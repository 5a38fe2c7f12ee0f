package io.kemu.vfs;

import java.util.Objects;

/**
 * The arguments of {@code VOP_PUTPAGES}: {@code btoc(count)} whole pages of memory starting at the
 * page-aligned file {@code offset}, of which the first {@code count} bytes are to be written.
 *
 * <p>Invariant: {@code data.length == btoc(count) * PAGE_SIZE}, offset page-aligned and not negative.
 */
public record Pages(long offset, int count, byte[] data) {
    public static final int PAGE_SIZE = 4096;

    public Pages {
        Objects.requireNonNull(data, "data");
        if (offset < 0 || offset % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("putpages offset not page aligned: " + offset);
        }
        if (count < 0 || data.length != pageCount(count) * PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "putpages of " + count + " bytes needs " + pageCount(count) + " pages, got " + data.length + " bytes");
        }
    }

    /** {@code btoc(bytes)}: pages needed for {@code bytes}. */
    public static int pageCount(long bytes) {
        return (int) ((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    public int pages() {
        return pageCount(count);
    }
}
