package io.kemu.vfs.jops;

import io.kemu.journal.jrecord.RecordBuilder;
import io.kemu.journal.wire.RecordType;
import io.kemu.vfs.Cred;
import io.kemu.vfs.Namecache;
import io.kemu.vfs.Pages;
import io.kemu.vfs.PutpagesResult;
import io.kemu.vfs.VType;
import io.kemu.vfs.Vattr;
import io.kemu.vfs.Vnode;
import java.util.List;

/**
 * The low-level record writers of {@code vfs_journal.c} ({@code jrecord_write_path},
 * {@code _vattr}, {@code _cred}, {@code _vnode_ref}, {@code _vnode_link}, {@code _uio},
 * {@code _pagelist}): each writes one filesystem structure as sub-records through a
 * {@link RecordBuilder}. Leaf values use {@link NativeLeafLayout}.
 */
public final class RecordWriters {
    /** {@code XIO_INTERNAL_PAGES} = btoc(MAXPHYS), MAXPHYS being 128 KiB: the longest page run. */
    public static final int XIO_INTERNAL_PAGES = 32;

    private RecordWriters() {
    }

    /**
     * Mirrors {@code jrecord_write_path()}: a leaf of type {@code rectype} holding the path of
     * {@code ncp} relative to the mount root with a trailing NUL, or no bytes for the root.
     */
    public static void writePath(RecordBuilder rb, int rectype, Namecache ncp) {
        rb.leaf(rectype, ncp.pathBytes());
    }

    /**
     * Mirrors {@code jrecord_write_vattr()}: a VATTR container with, in this order, VTYPE (unless
     * VNON), MODES, NLINK, UID, GID, FSID, INUM, SIZE, ATIME, MTIME, CTIME, GEN, FLAGS and
     * UDEV/UMAJOR/UMINOR, each only when not VNOVAL.
     */
    public static void writeVattr(RecordBuilder rb, Vattr vat) {
        rb.push(RecordType.VATTR);
        if (vat.type() != VType.VNON) {
            rb.leaf(RecordType.VTYPE, NativeLeafLayout.i32(vat.type().code()));
        }
        if (vat.mode() != Vattr.VNOVAL) {
            rb.leaf(RecordType.MODES, NativeLeafLayout.u16(vat.mode()));
        }
        if (vat.nlink() != Vattr.VNOVAL) {
            rb.leaf(RecordType.NLINK, NativeLeafLayout.i64(vat.nlink()));
        }
        if (vat.uid() != Vattr.VNOVAL) {
            rb.leaf(RecordType.UID, NativeLeafLayout.i32(vat.uid()));
        }
        if (vat.gid() != Vattr.VNOVAL) {
            rb.leaf(RecordType.GID, NativeLeafLayout.i32(vat.gid()));
        }
        if (vat.fsid() != Vattr.VNOVAL) {
            rb.leaf(RecordType.FSID, NativeLeafLayout.i32(vat.fsid()));
        }
        if (vat.fileid() != Vattr.VNOVAL) {
            rb.leaf(RecordType.INUM, NativeLeafLayout.i64(vat.fileid()));
        }
        if (vat.size() != Vattr.VNOVAL) {
            rb.leaf(RecordType.SIZE, NativeLeafLayout.i64(vat.size()));
        }
        if (!vat.atime().isVnoval()) {
            rb.leaf(RecordType.ATIME, NativeLeafLayout.timespec(vat.atime()));
        }
        if (!vat.mtime().isVnoval()) {
            rb.leaf(RecordType.MTIME, NativeLeafLayout.timespec(vat.mtime()));
        }
        if (!vat.ctime().isVnoval()) {
            rb.leaf(RecordType.CTIME, NativeLeafLayout.timespec(vat.ctime()));
        }
        if (vat.gen() != Vattr.VNOVAL) {
            rb.leaf(RecordType.GEN, NativeLeafLayout.i64(vat.gen()));
        }
        if (vat.flags() != Vattr.VNOVAL) {
            rb.leaf(RecordType.FLAGS, NativeLeafLayout.i64(vat.flags()));
        }
        if (vat.rmajor() != Vattr.VNOVAL) {
            writeDevice(rb, vat);
        }
        rb.pop();
    }

    /** UDEV (makeudev of major and minor), UMAJOR, UMINOR: the device triple of both VATTR kinds. */
    static void writeDevice(RecordBuilder rb, Vattr vat) {
        rb.leaf(RecordType.UDEV, NativeLeafLayout.i32(Vattr.makeudev(vat.rmajor(), vat.rminor())));
        rb.leaf(RecordType.UMAJOR, NativeLeafLayout.i32(vat.rmajor()));
        rb.leaf(RecordType.UMINOR, NativeLeafLayout.i32(vat.rminor()));
    }

    /**
     * Mirrors {@code jrecord_write_cred()}: CRED{UID, GID} and, when the VOP passed its thread
     * ({@code withProcess}) and that thread has a process, PID and the whole COMM array.
     */
    public static void writeCred(RecordBuilder rb, Cred cred, boolean withProcess) {
        rb.push(RecordType.CRED);
        rb.leaf(RecordType.UID, NativeLeafLayout.i32(cred.uid()));
        rb.leaf(RecordType.GID, NativeLeafLayout.i32(cred.gid()));
        if (withProcess && cred.hasProcess()) {
            rb.leaf(RecordType.PID, NativeLeafLayout.i32(cred.pid()));
            rb.leaf(RecordType.COMM, NativeLeafLayout.comm(cred.comm()));
        }
        rb.pop();
    }

    /**
     * Mirrors {@code jrecord_write_vnode_ref()}: PATH_REF from the vnode's first resolved
     * name-cache entry, nothing when it has none (an unlinked vnode).
     */
    public static void writeVnodeRef(RecordBuilder rb, Vnode vp) {
        final Namecache ncp = vp.primaryName();
        if (ncp != null) {
            writePath(rb, RecordType.PATH_REF, ncp);
        }
    }

    /**
     * Mirrors {@code jrecord_write_vnode_link()}: PATH_REF from the vnode's first name other than
     * {@code notncp} (the link just made), nothing when there is none.
     */
    public static void writeVnodeLink(RecordBuilder rb, Vnode vp, Namecache notncp) {
        for (Namecache ncp : vp.names()) {
            if (ncp != notncp) {
                writePath(rb, RecordType.PATH_REF, ncp);
                return;
            }
        }
    }

    /**
     * Mirrors {@code jrecord_write_uio()}: SEEKPOS({@code offset}), then one {@code rectype} leaf
     * per non-empty iovec ({@code jrecord_leaf_uio}). The iovecs are a {@code Uio}'s private copies,
     * which never change, so a recorder may reference them instead of copying.
     */
    public static void writeUio(RecordBuilder rb, int rectype, long offset, List<byte[]> iovecs) {
        rb.leaf(RecordType.SEEKPOS, NativeLeafLayout.i64(offset));
        for (byte[] iov : iovecs) {
            if (iov.length > 0) {
                rb.leafImmutable(rectype, iov);
            }
        }
    }

    /**
     * Mirrors {@code jrecord_write_pagelist()}: for each run of pages written OK (at most
     * {@link #XIO_INTERNAL_PAGES} pages), SEEKPOS(run offset) and one {@code rectype} leaf of the
     * run's whole pages; pages that were not written are skipped.
     */
    public static void writePagelist(RecordBuilder rb, int rectype, Pages pages, PutpagesResult rtvals, int pgcount) {
        long offset = pages.offset();
        int i = 0;
        while (i < pgcount) {
            if (!rtvals.pageWritten(i)) {
                ++i;
                offset += Pages.PAGE_SIZE;
                continue;
            }
            final int b = i;
            while (i < pgcount && i - b != XIO_INTERNAL_PAGES && rtvals.pageWritten(i)) {
                ++i;
            }
            rb.leaf(RecordType.SEEKPOS, NativeLeafLayout.i64(offset));
            rb.leaf(rectype, pages.data(), b * Pages.PAGE_SIZE, (i - b) * Pages.PAGE_SIZE);
            offset += (long) (i - b) * Pages.PAGE_SIZE;
        }
    }
}
