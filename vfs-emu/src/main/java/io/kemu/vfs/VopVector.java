package io.kemu.vfs;

/**
 * A vnode operations vector ({@code struct vop_ops}): the VOPs the kernel journals, plus the three
 * read-side operations the journal needs for UNDO data. {@link MemFilesystem} implements the normal
 * operations ({@code mnt_vn_norm_ops}); the journal layer wraps them ({@code mnt_vn_journal_ops})
 * and {@link Mount} dispatches every system call through whichever vector is installed.
 *
 * <p>Contract: a VOP either succeeds completely or fails with its {@link Errno} having changed
 * nothing. The {@code n*} namespace VOPs receive a {@link Namecache} entry resolved by namei: a
 * negative (or whiteout) entry for a name to be created, a positive one for a name that exists.
 * Arguments have passed the system-call checks of {@link Mount} (existence, EEXIST, ...); the
 * errors a VOP itself returns are the filesystem's own (ENOTEMPTY, EMLINK, EFBIG, ENOSPC, ...).
 */
public interface VopVector {

    /** {@code VOP_GETATTR}; never fails in kemu. */
    Vattr getattr(Vnode vp);

    /** {@code VOP_READ} through {@code vn_rdwr}: up to {@code length} bytes at {@code offset}. */
    byte[] read(Vnode vp, long offset, int length);

    /** {@code VOP_READLINK}: the target of a symlink. */
    VfsResult<byte[]> readlink(Vnode vp);

    /** {@code VOP_SETATTR}: applies the fields of {@code vap} that are not VNOVAL. */
    VfsResult<Vnode> setattr(Vnode vp, Vattr vap, Cred cred);

    /**
     * {@code VOP_WRITE}: writes the whole uio at its offset (at end of file with {@code append},
     * IO_APPEND), consuming it. Returns the number of bytes written.
     */
    VfsResult<Long> write(Vnode vp, Uio uio, boolean append, Cred cred);

    /** {@code VOP_FSYNC}: nothing to flush in memory; succeeds. */
    VfsResult<Vnode> fsync(Vnode vp);

    /** {@code VOP_PUTPAGES}: writes back dirty pages within the current file size. */
    VfsResult<PutpagesResult> putpages(Vnode vp, Pages pages);

    /** {@code VOP_SETACL}: replaces the ACL (opaque bytes in kemu). */
    VfsResult<Vnode> setacl(Vnode vp, byte[] acl, Cred cred);

    /** {@code VOP_SETEXTATTR}: sets attribute {@code name} to the uio's bytes, consuming it. */
    VfsResult<Vnode> setextattr(Vnode vp, String name, Uio uio, Cred cred);

    /** {@code VOP_NCREATE}: a regular file or socket named by the negative entry {@code nch}. */
    VfsResult<Vnode> ncreate(Namecache nch, Vattr vap, Cred cred);

    /** {@code VOP_NMKNOD}: a device or fifo node. */
    VfsResult<Vnode> nmknod(Namecache nch, Vattr vap, Cred cred);

    /** {@code VOP_NLINK}: a new name {@code nch} for {@code vp}. */
    VfsResult<Vnode> nlink(Namecache nch, Vnode vp, Cred cred);

    /** {@code VOP_NSYMLINK}: a symlink to {@code target}. */
    VfsResult<Vnode> nsymlink(Namecache nch, Vattr vap, byte[] target, Cred cred);

    /** {@code VOP_NWHITEOUT}: whiteout lookup, create or delete. */
    VfsResult<Namecache> nwhiteout(Namecache nch, WhiteoutOp op, Cred cred);

    /** {@code VOP_NREMOVE}: unlinks a non-directory name; returns the vnode it named. */
    VfsResult<Vnode> nremove(Namecache nch, Cred cred);

    /** {@code VOP_NMKDIR}. */
    VfsResult<Vnode> nmkdir(Namecache nch, Vattr vap, Cred cred);

    /** {@code VOP_NRMDIR}: removes an empty directory; returns it. */
    VfsResult<Vnode> nrmdir(Namecache nch, Cred cred);

    /** {@code VOP_NRENAME}: moves {@code fnch}'s vnode to {@code tnch}, replacing what was there. */
    VfsResult<Vnode> nrename(Namecache fnch, Namecache tnch, Cred cred);
}
