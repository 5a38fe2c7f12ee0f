package io.kemu.vfs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An emulated mount: the filesystem, the VOP vector currently in use, and the system calls that
 * reach it. Each system call mirrors its {@code kern_*} function: it resolves paths (namei), makes
 * the checks the system-call layer makes before any VOP (ENOENT, ENOTDIR, EEXIST, EISDIR, ...,
 * which therefore never reach a journal), and then calls exactly one VOP through {@link #vops()}.
 * When journals are installed that vector is the journal layer ({@code mnt_vn_journal_ops}),
 * otherwise the filesystem's own ({@code mnt_vn_norm_ops}).
 *
 * <p>Paths are relative to the mount root, '/'-separated, with no leading '/', no empty, "." or ".."
 * components; "" is the root. kemu's namei never follows symbolic links: a symlink in the middle of
 * a path gives ENOTDIR and operations on a symlink act on the link itself. Modes are masked as the
 * kernel masks them, with a umask of 0. Not thread-safe: one owner (an actor, a test) calls it.
 */
public final class Mount {
    /** {@code MAXPATHLEN}: a path with its NUL fits in this many bytes. */
    public static final int MAXPATHLEN = 1024;
    /** {@code UIO_MAXIOV}: most iovecs in one write. */
    public static final int UIO_MAXIOV = 1024;
    /** {@code ALLPERMS}. */
    public static final int ALLPERMS = 07777;
    /** {@code ACCESSPERMS}. */
    public static final int ACCESSPERMS = 0777;
    private static final int S_ISTXT = 01000;

    private final MemFilesystem fs;
    private VopVector vops;

    public Mount(long fsid, MountLimits limits, Clock clock) {
        this.fs = new MemFilesystem(fsid, limits, clock);
        this.vops = fs;
    }

    public MemFilesystem filesystem() {
        return fs;
    }

    public Clock clock() {
        return fs.clock();
    }

    /** The vector system calls go through. */
    public VopVector vops() {
        return vops;
    }

    /** The filesystem's own vector ({@code mnt_vn_norm_ops}). */
    public VopVector normalVops() {
        return fs;
    }

    /** {@code vfs_add_vnodeops()}: from now on system calls go through {@code vector}. */
    public void installVops(VopVector vector) {
        this.vops = Objects.requireNonNull(vector, "vector");
    }

    /** {@code vfs_rm_vnodeops()}: back to the filesystem's own vector. */
    public void restoreNormalVops() {
        this.vops = fs;
    }

    /**
     * namei ({@code nlookup}): the name-cache entry for {@code path}. Every component but the last
     * must be an existing directory (ENOENT, ENOTDIR); the last is returned as it is: positive,
     * whiteout, or a new negative entry in its parent. Bad paths give EINVAL or ENAMETOOLONG.
     */
    public VfsResult<Namecache> lookup(String path) {
        final Errno bad = validatePath(path);
        if (bad != null) {
            return VfsResult.failed(bad);
        }
        if (path.isEmpty()) {
            return VfsResult.ok(fs.rootName());
        }
        final String[] parts = path.split("/", -1);
        Vnode dir = fs.root();
        for (int i = 0; i < parts.length - 1; ++i) {
            final Namecache entry = dir.entries.get(parts[i]);
            if (entry == null || entry.isNegative()) {
                return VfsResult.failed(Errno.ENOENT);
            }
            if (entry.vnode().type() != VType.VDIR) {
                return VfsResult.failed(Errno.ENOTDIR);
            }
            dir = entry.vnode();
        }
        final String last = parts[parts.length - 1];
        final Namecache entry = dir.entries.get(last);
        return VfsResult.ok(entry != null ? entry : new Namecache(last, dir));
    }

    /** namei for an object that must exist: its vnode, or ENOENT. */
    public VfsResult<Vnode> resolve(String path) {
        final VfsResult<Namecache> nch = lookup(path);
        if (!nch.isOk()) {
            return VfsResult.failed(nch.errno());
        }
        final Vnode vp = nch.value().vnode();
        return vp == null ? VfsResult.failed(Errno.ENOENT) : VfsResult.ok(vp);
    }

    private static Errno validatePath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.getBytes(StandardCharsets.UTF_8).length + 1 > MAXPATHLEN) {
            return Errno.ENAMETOOLONG;
        }
        if (path.isEmpty()) {
            return null;
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                return Errno.EINVAL;
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > Namecache.NAME_MAX) {
                return Errno.ENAMETOOLONG;
            }
        }
        return null;
    }

    /** namei for a name to be created: a negative (or whiteout) entry, else EEXIST. */
    private VfsResult<Namecache> lookupFree(String path, Errno whenTaken) {
        final VfsResult<Namecache> nch = lookup(path);
        if (nch.isOk() && !nch.value().isNegative()) {
            return VfsResult.failed(whenTaken);
        }
        return nch;
    }

    /** Mirrors {@code vn_open(O_CREAT|O_EXCL)}: a regular file of mode {@code mode & 06777}. */
    public VfsResult<Vnode> create(Cred cred, String path, int mode) {
        final VfsResult<Namecache> nch = lookupFree(path, Errno.EEXIST);
        if (!nch.isOk()) {
            return VfsResult.failed(nch.errno());
        }
        return vops.ncreate(nch.value(), Vattr.ofTypeAndMode(VType.VREG, mode & ALLPERMS & ~S_ISTXT), cred);
    }

    /** Mirrors {@code unp_bind()}: a unix-domain socket node (VSOCK through VOP_NCREATE). */
    public VfsResult<Vnode> bind(Cred cred, String path, int mode) {
        final VfsResult<Namecache> nch = lookupFree(path, Errno.EADDRINUSE);
        if (!nch.isOk()) {
            return VfsResult.failed(nch.errno());
        }
        return vops.ncreate(nch.value(), Vattr.ofTypeAndMode(VType.VSOCK, mode & ACCESSPERMS), cred);
    }

    /** Mirrors {@code kern_mknod()} for S_IFCHR / S_IFBLK: EINVAL for any other type. */
    public VfsResult<Vnode> mknod(Cred cred, String path, VType type, int mode, int major, int minor) {
        if (!type.isDevice()) {
            return VfsResult.failed(Errno.EINVAL);
        }
        final VfsResult<Namecache> nch = lookupFree(path, Errno.EEXIST);
        if (!nch.isOk()) {
            return VfsResult.failed(nch.errno());
        }
        return vops.nmknod(nch.value(), Vattr.ofTypeAndMode(type, mode & ALLPERMS).withDevice(major, minor), cred);
    }

    /** Mirrors {@code kern_mkfifo()}: VFIFO through VOP_NMKNOD, no device number. */
    public VfsResult<Vnode> mkfifo(Cred cred, String path, int mode) {
        final VfsResult<Namecache> nch = lookupFree(path, Errno.EEXIST);
        if (!nch.isOk()) {
            return VfsResult.failed(nch.errno());
        }
        return vops.nmknod(nch.value(), Vattr.ofTypeAndMode(VType.VFIFO, mode & ALLPERMS), cred);
    }

    /** Mirrors {@code kern_mknod(S_IFWHT)}: VOP_NWHITEOUT(NAMEI_CREATE) on a name not in use. */
    public VfsResult<Namecache> whiteout(Cred cred, String path) {
        final VfsResult<Namecache> nch = lookupFree(path, Errno.EEXIST);
        if (!nch.isOk()) {
            return nch;
        }
        return vops.nwhiteout(nch.value(), WhiteoutOp.CREATE, cred);
    }

    /** Mirrors {@code kern_undelete()}: VOP_NWHITEOUT(NAMEI_DELETE). */
    public VfsResult<Namecache> undelete(Cred cred, String path) {
        final VfsResult<Namecache> nch = lookupFree(path, Errno.EEXIST);
        if (!nch.isOk()) {
            return nch;
        }
        return vops.nwhiteout(nch.value(), WhiteoutOp.DELETE, cred);
    }

    /** Mirrors {@code kern_link()}: the source must exist and not be a directory (EPERM). */
    public VfsResult<Vnode> link(Cred cred, String existing, String newPath) {
        final VfsResult<Vnode> vp = resolve(existing);
        if (!vp.isOk()) {
            return vp;
        }
        if (vp.value().type() == VType.VDIR) {
            return VfsResult.failed(Errno.EPERM);
        }
        final VfsResult<Namecache> nch = lookupFree(newPath, Errno.EEXIST);
        if (!nch.isOk()) {
            return VfsResult.failed(nch.errno());
        }
        return vops.nlink(nch.value(), vp.value(), cred);
    }

    /**
     * Mirrors {@code kern_symlink()}: a link to {@code target} (1 to MAXPATHLEN-1 bytes, no NUL;
     * an empty target gives ENOENT), mode ACCESSPERMS.
     */
    public VfsResult<Vnode> symlink(Cred cred, String target, String path) {
        final byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            return VfsResult.failed(Errno.ENOENT);
        }
        if (bytes.length >= MAXPATHLEN) {
            return VfsResult.failed(Errno.ENAMETOOLONG);
        }
        if (target.indexOf('\0') >= 0) {
            return VfsResult.failed(Errno.EINVAL);
        }
        final VfsResult<Namecache> nch = lookupFree(path, Errno.EEXIST);
        if (!nch.isOk()) {
            return VfsResult.failed(nch.errno());
        }
        return vops.nsymlink(nch.value(), Vattr.ofTypeAndMode(VType.VLNK, ACCESSPERMS), bytes, cred);
    }

    /** Mirrors {@code kern_unlink()}: the name must exist (the VOP refuses directories). */
    public VfsResult<Vnode> unlink(Cred cred, String path) {
        final VfsResult<Namecache> nch = lookupExisting(path);
        if (!nch.isOk()) {
            return VfsResult.failed(nch.errno());
        }
        return vops.nremove(nch.value(), cred);
    }

    /** Mirrors {@code kern_mkdir()}: mode {@code mode & ACCESSPERMS}, EEXIST if the name is taken. */
    public VfsResult<Vnode> mkdir(Cred cred, String path, int mode) {
        final VfsResult<Namecache> nch = lookupFree(path, Errno.EEXIST);
        if (!nch.isOk()) {
            return VfsResult.failed(nch.errno());
        }
        return vops.nmkdir(nch.value(), Vattr.ofTypeAndMode(VType.VDIR, mode & ACCESSPERMS), cred);
    }

    /** Mirrors {@code kern_rmdir()}: the name must exist and not be the mount root (EBUSY). */
    public VfsResult<Vnode> rmdir(Cred cred, String path) {
        final VfsResult<Namecache> nch = lookupExisting(path);
        if (!nch.isOk()) {
            return VfsResult.failed(nch.errno());
        }
        return vops.nrmdir(nch.value(), cred);
    }

    /** An existing, non-root name: ENOENT for a missing one, EBUSY for the root. */
    private VfsResult<Namecache> lookupExisting(String path) {
        final VfsResult<Namecache> nch = lookup(path);
        if (!nch.isOk()) {
            return nch;
        }
        if (nch.value().isNegative()) {
            return VfsResult.failed(Errno.ENOENT);
        }
        if (nch.value() == fs.rootName()) {
            return VfsResult.failed(Errno.EBUSY);
        }
        return nch;
    }

    /**
     * Mirrors {@code kern_rename()}: both parents must exist; a rename onto another name of the same
     * vnode succeeds without calling the VOP (no journal record); a directory cannot replace a
     * non-directory (ENOTDIR) nor a non-directory a directory (EISDIR), nor move below itself
     * (EINVAL). The root cannot be renamed or replaced (EBUSY).
     */
    public VfsResult<Vnode> rename(Cred cred, String from, String to) {
        final VfsResult<Namecache> fnch = lookupExisting(from);
        if (!fnch.isOk()) {
            return VfsResult.failed(fnch.errno());
        }
        final VfsResult<Namecache> tnch = lookup(to);
        if (!tnch.isOk()) {
            return VfsResult.failed(tnch.errno());
        }
        if (tnch.value() == fs.rootName()) {
            return VfsResult.failed(Errno.EBUSY);
        }
        final Vnode fvp = fnch.value().vnode();
        final Vnode tvp = tnch.value().vnode();
        if (tvp == fvp) {
            return VfsResult.ok(fvp);
        }
        if (tvp != null) {
            if (fvp.type() == VType.VDIR && tvp.type() != VType.VDIR) {
                return VfsResult.failed(Errno.ENOTDIR);
            }
            if (fvp.type() != VType.VDIR && tvp.type() == VType.VDIR) {
                return VfsResult.failed(Errno.EISDIR);
            }
        }
        if (fvp.type() == VType.VDIR && MemFilesystem.isAncestorOrSelf(fvp, tnch.value().parentDir())) {
            return VfsResult.failed(Errno.EINVAL);
        }
        return vops.nrename(fnch.value(), tnch.value(), cred);
    }

    /**
     * Mirrors {@code kern_pwritev()} on a file opened for writing: {@code iovecs} written at
     * {@code offset} (EINVAL if negative, or for more than UIO_MAXIOV iovecs). Directories give
     * EISDIR and other non-regular files EINVAL at open time. Returns the bytes written.
     */
    public VfsResult<Long> write(Cred cred, String path, long offset, List<byte[]> iovecs) {
        if (offset < 0) {
            return VfsResult.failed(Errno.EINVAL);
        }
        return writeUio(cred, path, offset, iovecs, false);
    }

    /** Like {@link #write} on a file opened O_APPEND: the data goes at the end of file. */
    public VfsResult<Long> append(Cred cred, String path, List<byte[]> iovecs) {
        return writeUio(cred, path, 0, iovecs, true);
    }

    private VfsResult<Long> writeUio(Cred cred, String path, long offset, List<byte[]> iovecs, boolean append) {
        if (iovecs.size() > UIO_MAXIOV) {
            return VfsResult.failed(Errno.EINVAL);
        }
        final VfsResult<Vnode> vp = openRegular(path);
        if (!vp.isOk()) {
            return VfsResult.failed(vp.errno());
        }
        return vops.write(vp.value(), Uio.of(offset, iovecs), append, cred);
    }

    /** open(2) for writing: the file must exist; EISDIR for a directory, EINVAL for a special file. */
    private VfsResult<Vnode> openRegular(String path) {
        final VfsResult<Vnode> vp = resolve(path);
        if (!vp.isOk()) {
            return vp;
        }
        if (vp.value().type() == VType.VDIR) {
            return VfsResult.failed(Errno.EISDIR);
        }
        if (vp.value().type() != VType.VREG) {
            return VfsResult.failed(Errno.EINVAL);
        }
        return vp;
    }

    /** {@code kern_fsync()}: VOP_FSYNC on an existing object. */
    public VfsResult<Vnode> fsync(Cred cred, String path) {
        final VfsResult<Vnode> vp = resolve(path);
        return vp.isOk() ? vops.fsync(vp.value()) : vp;
    }

    /** The VM system flushing dirty pages of {@code path}: VOP_PUTPAGES. */
    public VfsResult<PutpagesResult> putpages(Cred cred, String path, Pages pages) {
        final VfsResult<Vnode> vp = resolve(path);
        if (!vp.isOk()) {
            return VfsResult.failed(vp.errno());
        }
        return vops.putpages(vp.value(), pages);
    }

    /** VOP_SETATTR with an arbitrary request (fields left VNOVAL are not changed). */
    public VfsResult<Vnode> setattr(Cred cred, String path, Vattr vap) {
        final VfsResult<Vnode> vp = resolve(path);
        return vp.isOk() ? vops.setattr(vp.value(), vap, cred) : vp;
    }

    /** Mirrors {@code kern_chmod()}: va_mode = mode & ALLPERMS. */
    public VfsResult<Vnode> chmod(Cred cred, String path, int mode) {
        return setattr(cred, path, Vattr.NULL.withMode(mode & ALLPERMS));
    }

    /** Mirrors {@code kern_chown()}: -1 leaves that id unchanged (VNOVAL). */
    public VfsResult<Vnode> chown(Cred cred, String path, int uid, int gid) {
        return setattr(cred, path, Vattr.NULL.withOwner(uid == -1 ? Vattr.VNOVAL : Integer.toUnsignedLong(uid),
                gid == -1 ? Vattr.VNOVAL : Integer.toUnsignedLong(gid)));
    }

    /** Mirrors {@code kern_truncate()}: EINVAL for a negative length, EISDIR for a directory. */
    public VfsResult<Vnode> truncate(Cred cred, String path, long length) {
        if (length < 0) {
            return VfsResult.failed(Errno.EINVAL);
        }
        final VfsResult<Vnode> vp = resolve(path);
        if (vp.isOk() && vp.value().type() == VType.VDIR) {
            return VfsResult.failed(Errno.EISDIR);
        }
        return vp.isOk() ? vops.setattr(vp.value(), Vattr.NULL.withSize(length), cred) : vp;
    }

    /** Mirrors {@code kern_utimes()} with explicit times. */
    public VfsResult<Vnode> utimes(Cred cred, String path, Timespec atime, Timespec mtime) {
        return setattr(cred, path, Vattr.NULL.withTimes(atime, mtime));
    }

    /** Mirrors {@code kern_chflags()}. */
    public VfsResult<Vnode> chflags(Cred cred, String path, long flags) {
        return setattr(cred, path, Vattr.NULL.withFlags(flags));
    }

    /** {@code __acl_set_file()}: VOP_SETACL with opaque ACL bytes. */
    public VfsResult<Vnode> setacl(Cred cred, String path, byte[] acl) {
        final VfsResult<Vnode> vp = resolve(path);
        return vp.isOk() ? vops.setacl(vp.value(), acl, cred) : vp;
    }

    /** {@code extattr_set_file()}: VOP_SETEXTATTR with a uio at offset 0 over {@code value}. */
    public VfsResult<Vnode> setextattr(Cred cred, String path, String name, byte[] value) {
        final VfsResult<Vnode> vp = resolve(path);
        return vp.isOk() ? vops.setextattr(vp.value(), name, Uio.of(0, List.of(value)), cred) : vp;
    }

    /** {@code stat()} without following a final symlink ({@code lstat}). */
    public VfsResult<Vattr> stat(String path) {
        return resolve(path).map(vops::getattr);
    }

    /** The whole contents of a regular file (EISDIR / EINVAL for other types). */
    public VfsResult<byte[]> readFile(String path) {
        final VfsResult<Vnode> vp = openRegular(path);
        return vp.map(Vnode::contents);
    }

    /** {@code readlink()}: EINVAL when {@code path} is not a symlink. */
    public VfsResult<byte[]> readlink(String path) {
        final VfsResult<Vnode> vp = resolve(path);
        return vp.isOk() ? vops.readlink(vp.value()) : VfsResult.failed(vp.errno());
    }
}
