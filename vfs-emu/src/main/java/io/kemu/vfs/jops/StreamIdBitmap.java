package io.kemu.vfs.jops;

import io.kemu.journal.wire.StreamId;
import java.util.BitSet;

/**
 * The per-mount stream-id allocator: {@code mnt_jbitmap} (one bit per 13-bit id) and the cursor
 * {@code mnt_streamid}, as {@code jreclist_init()} and {@code jreclist_done()} use them.
 *
 * <p>Allocation searches from the cursor for the first free id, wrapping from 0x1FFF to 0x100, takes
 * it, and leaves the cursor <em>on</em> it, so sequential transactions keep reusing the same id
 * (usually 0x100). Invariants: the cursor is always in [0x100, 0x2000); ids below 0x100 are never
 * handed out.
 */
public final class StreamIdBitmap {
    /** How many ids can be open at once (7936). */
    public static final int CAPACITY = StreamId.JMAX - StreamId.JMIN;

    private final BitSet busy = new BitSet(StreamId.JMAX);
    private int cursor = StreamId.JMIN;

    /**
     * Takes the first free id at or after the cursor, or returns -1 when all 7936 are in use (where
     * the kernel prints "all streamid's in use!" and sleeps 10 s before searching again).
     */
    public int allocate() {
        int id = cursor;
        for (int count = 0; busy.get(id); ++count) {
            if (count == CAPACITY) {
                return -1;
            }
            if (++id == StreamId.JMAX) {
                id = StreamId.JMIN;
            }
        }
        busy.set(id);
        cursor = id;
        assert checkInvariants();
        return id;
    }

    /** Releases {@code id} for reuse ({@code jreclist_done}). */
    public void free(int id) {
        if (id < StreamId.JMIN || id >= StreamId.JMAX || !busy.get(id)) {
            throw new IllegalStateException("stream id 0x" + Integer.toHexString(id) + " is not allocated");
        }
        busy.clear(id);
    }

    public boolean isBusy(int id) {
        return busy.get(id);
    }

    /** Ids currently open. */
    public int inUse() {
        return busy.cardinality();
    }

    /** Where the next search starts ({@code mnt_streamid}). */
    public int cursor() {
        return cursor;
    }

    private boolean checkInvariants() {
        assert cursor >= StreamId.JMIN && cursor < StreamId.JMAX : "cursor 0x" + Integer.toHexString(cursor);
        assert busy.nextSetBit(0) >= StreamId.JMIN : "reserved id allocated";
        return true;
    }
}
