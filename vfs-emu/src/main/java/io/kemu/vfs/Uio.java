package io.kemu.vfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code struct uio} for a write: a file offset and a list of iovecs, consumed front to back by
 * the VOP ({@code uiomove}). The journal copies it before the VOP ({@code uio_copy} in
 * {@code journal_write()}) because the VOP leaves it consumed.
 *
 * <p>Invariants: {@code 0 <= resid <= total}; the first {@code total - resid} bytes of the iovecs
 * have been consumed; the iovec arrays are private copies and never change.
 */
public final class Uio {
    private final List<byte[]> iovecs;
    private final long total;
    private long offset;
    private long resid;

    private Uio(List<byte[]> iovecs, long total, long offset, long resid) {
        this.iovecs = iovecs;
        this.total = total;
        this.offset = offset;
        this.resid = resid;
    }

    /** A fresh uio at {@code offset} over copies of {@code iovecs}. */
    public static Uio of(long offset, List<byte[]> iovecs) {
        final List<byte[]> copies = new ArrayList<>(iovecs.size());
        long total = 0;
        for (byte[] iov : iovecs) {
            copies.add(iov.clone());
            total += iov.length;
        }
        return new Uio(List.copyOf(copies), total, offset, total);
    }

    /** The journal's {@code uio_copy}: same iovecs and position, consumed independently. */
    public Uio copy() {
        return new Uio(iovecs, total, offset, resid);
    }

    public long offset() {
        return offset;
    }

    /** Bytes not yet consumed ({@code uio_resid}). */
    public long resid() {
        return resid;
    }

    /** Bytes in all iovecs together. */
    public long total() {
        return total;
    }

    /** Every iovec as given (not copied: callers must not modify them). */
    public List<byte[]> iovecs() {
        return iovecs;
    }

    /**
     * The iovecs as {@code jrecord_leaf_uio()} sees them: only the parts not yet consumed, empty
     * iovecs left out. After a VOP consumed everything this is empty.
     */
    public List<byte[]> remainingIovecs() {
        final List<byte[]> remaining = new ArrayList<>();
        long skip = total - resid;
        for (byte[] iov : iovecs) {
            if (skip >= iov.length) {
                skip -= iov.length;
                continue;
            }
            final int from = (int) skip;
            skip = 0;
            remaining.add(from == 0 ? iov : Arrays.copyOfRange(iov, from, iov.length));
        }
        return remaining;
    }

    /** Positions the uio, as an IO_APPEND write does at the current end of file. */
    void seek(long newOffset) {
        this.offset = newOffset;
    }

    /** {@code uiomove}: {@code n} bytes consumed, the offset advanced by as much. */
    void advance(long n) {
        assert n >= 0 && n <= resid : "advance " + n + " with resid " + resid;
        offset += n;
        resid -= n;
    }

    /** The first {@code n} unconsumed bytes, concatenated. */
    byte[] peek(int n) {
        final byte[] out = new byte[n];
        int done = 0;
        long skip = total - resid;
        for (byte[] iov : iovecs) {
            if (done == n) {
                break;
            }
            if (skip >= iov.length) {
                skip -= iov.length;
                continue;
            }
            final int from = (int) skip;
            skip = 0;
            final int len = Math.min(iov.length - from, n - done);
            System.arraycopy(iov, from, out, done, len);
            done += len;
        }
        return out;
    }
}
