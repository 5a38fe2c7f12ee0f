package io.kemu.streams.server;

import java.util.Arrays;

/**
 * Where the store's most recent records lie: (transid, offset, aligned size) of every non-pad record
 * of the current journal session whose bytes lie within the last {@code windowBytes} of the file, in
 * file order, so transids strictly increase. A restarted journal replays from its oldest
 * unacknowledged byte, which is never further back than its ring (at most 128 MiB), so a window a
 * little larger than that holds every record a legitimate replay can begin with.
 *
 * <p>Invariants: {@code transids[head..head+count)} strictly increase; offsets increase; entries whose
 * offset fell out of the window are dropped from the front. Memory: 20 bytes per record in the window.
 * Confined to the store's I/O thread.
 */
final class StoredRecordIndex {
    private final long windowBytes;
    private long[] transids = new long[1024];
    private long[] offsets = new long[1024];
    private int[] sizes = new int[1024];
    private int head;
    private int count;

    StoredRecordIndex(long windowBytes) {
        this.windowBytes = windowBytes;
    }

    /** Appends a record that ends the file at {@code offset + size}; drops what left the window. */
    void add(long transid, long offset, int size) {
        assert count == 0 || transid > transids[head + count - 1] : "transids must increase";
        if (head + count == transids.length) {
            makeRoom();
        }
        transids[head + count] = transid;
        offsets[head + count] = offset;
        sizes[head + count] = size;
        count++;
        final long oldest = offset + size - windowBytes;
        while (count > 1 && offsets[head] < oldest) {
            head++;
            count--;
        }
    }

    /** Forgets everything (a new journal session begins). */
    void clear() {
        head = 0;
        count = 0;
    }

    private void makeRoom() {
        if (head > 0 && count <= transids.length / 2) {
            System.arraycopy(transids, head, transids, 0, count);
            System.arraycopy(offsets, head, offsets, 0, count);
            System.arraycopy(sizes, head, sizes, 0, count);
            head = 0;
            return;
        }
        transids = Arrays.copyOf(transids, transids.length * 2);
        offsets = Arrays.copyOf(offsets, offsets.length * 2);
        sizes = Arrays.copyOf(sizes, sizes.length * 2);
    }

    int size() {
        return count;
    }

    /** The position (0-based, oldest first) of {@code transid}, or -1 when the window does not hold it. */
    int find(long transid) {
        final int at = Arrays.binarySearch(transids, head, head + count, transid);
        return at < 0 ? -1 : at - head;
    }

    long transid(int i) {
        return transids[head + i];
    }

    long offset(int i) {
        return offsets[head + i];
    }

    int alignedSize(int i) {
        return sizes[head + i];
    }
}
