package io.kemu.vfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The emulated filesystem's normal VOPs ({@code mnt_vn_norm_ops}): an in-memory UFS-like
 * filesystem. Each VOP checks what the filesystem itself checks (ufs_setattr's EINVAL/EPERM/EISDIR,
 * ufs_rmdir's ENOTEMPTY, ffs_write's EFBIG, LINK_MAX, the mount's space and inode limits), then
 * applies the whole change or none of it. Time comes only from the injected {@link Clock}: a VOP
 * that changes something reads it exactly once.
 *
 * <p>Invariants (verified by {@link #checkInvariants()} under {@code assert} after every change):
 * every linked entry of a directory names a live vnode or is a whiteout, has that directory as
 * parent, and appears in its vnode's name list; every vnode's name list holds exactly its linked
 * entries; a directory's nlink is 2 + its subdirectories, any other vnode's nlink is its number of
 * names; file sizes stay within the limits and add up to {@link #totalBytes()}; {@link #inodes()}
 * counts the reachable vnodes.
 */
public final class MemFilesystem implements VopVector {
    /** {@code LINK_MAX} of UFS: most links to a file, most subdirectories plus two of a directory. */
    public static final long LINK_MAX = 32767;
    /** Inode number of the root directory ({@code ROOTINO}). */
    public static final long ROOT_INUM = 2;
    /** Flags only root may set ({@code SF_SETTABLE}). */
    static final long SF_SETTABLE = 0xffff0000L;

    private final long fsid;
    private final MountLimits limits;
    private final Clock clock;
    private final Vnode root;
    private final Namecache rootName;
    private long nextInum = ROOT_INUM;
    private long inodes;
    private long totalBytes;

    /** A filesystem with an empty root directory (mode 0755, owned by root), timestamped now. */
    public MemFilesystem(long fsid, MountLimits limits, Clock clock) {
        if (fsid < 0 || fsid > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("fsid is a 32-bit udev_t: " + fsid);
        }
        this.fsid = fsid;
        this.limits = limits;
        this.clock = clock;
        final Timespec now = clock.now();
        this.root = allocate(VType.VDIR, 0755, 0, 0, now);
        this.root.nlink = 2;
        this.rootName = new Namecache("", null);
        this.rootName.resolve(root);
        this.rootName.linked(true);
        this.root.names.add(rootName);
        assert checkInvariants();
    }

    public Vnode root() {
        return root;
    }

    /** The root's name-cache entry (empty name): its path leaf is 0 bytes. */
    public Namecache rootName() {
        return rootName;
    }

    /** The filesystem id reported as {@code va_fsid}. */
    public long fsid() {
        return fsid;
    }

    public MountLimits limits() {
        return limits;
    }

    public Clock clock() {
        return clock;
    }

    /** Live vnodes, root included. */
    public long inodes() {
        return inodes;
    }

    /** Bytes held by regular files. */
    public long totalBytes() {
        return totalBytes;
    }

    @Override
    public Vattr getattr(Vnode vp) {
        return vp.getattr(fsid);
    }

    @Override
    public byte[] read(Vnode vp, long offset, int length) {
        return vp.read(offset, length);
    }

    @Override
    public VfsResult<byte[]> readlink(Vnode vp) {
        return vp.type() == VType.VLNK ? VfsResult.ok(vp.symlinkTarget()) : VfsResult.failed(Errno.EINVAL);
    }

    /**
     * Mirrors {@code ufs_setattr()}: fields that cannot be set give EINVAL; flags, owner, times and
     * mode need the owner or root (chown and system flags need root), else EPERM; a size on a
     * directory gives EISDIR, on anything but a regular file EINVAL. Unlike ufs, everything is
     * checked before anything changes. ctime is set; a size change also sets mtime (explicit times
     * win).
     */
    @Override
    public VfsResult<Vnode> setattr(Vnode vp, Vattr vap, Cred cred) {
        if (vap.type() != VType.VNON || vap.nlink() != Vattr.VNOVAL || vap.fsid() != Vattr.VNOVAL
                || vap.fileid() != Vattr.VNOVAL || vap.rmajor() != Vattr.VNOVAL || vap.gen() != Vattr.VNOVAL) {
            return VfsResult.failed(Errno.EINVAL);
        }
        final boolean owner = cred.isRoot() || cred.uid() == vp.uid();
        if (vap.flags() != Vattr.VNOVAL) {
            if (vap.flags() < 0 || vap.flags() > 0xFFFFFFFFL) {
                return VfsResult.failed(Errno.EINVAL);
            }
            if (!owner || (!cred.isRoot() && (vap.flags() & SF_SETTABLE) != 0)) {
                return VfsResult.failed(Errno.EPERM);
            }
        }
        if (vap.uid() != Vattr.VNOVAL || vap.gid() != Vattr.VNOVAL) {
            if (!validId(vap.uid()) || !validId(vap.gid())) {
                return VfsResult.failed(Errno.EINVAL);
            }
            final boolean uidChanges = vap.uid() != Vattr.VNOVAL && vap.uid() != Integer.toUnsignedLong(vp.uid());
            final boolean gidChanges = vap.gid() != Vattr.VNOVAL && vap.gid() != Integer.toUnsignedLong(vp.gid());
            if (!cred.isRoot() && (uidChanges || gidChanges)) {
                return VfsResult.failed(Errno.EPERM);
            }
        }
        long growth = 0;
        if (vap.size() != Vattr.VNOVAL) {
            if (vp.type() == VType.VDIR) {
                return VfsResult.failed(Errno.EISDIR);
            }
            if (vp.type() != VType.VREG || vap.size() < 0) {
                return VfsResult.failed(Errno.EINVAL);
            }
            if (vap.size() > limits.maxFileSize()) {
                return VfsResult.failed(Errno.EFBIG);
            }
            growth = vap.size() - vp.size;
            if (growth > 0 && totalBytes + growth > limits.maxTotalBytes()) {
                return VfsResult.failed(Errno.ENOSPC);
            }
        }
        if ((!vap.atime().isVnoval() || !vap.mtime().isVnoval() || vap.mode() != Vattr.VNOVAL) && !owner) {
            return VfsResult.failed(Errno.EPERM);
        }
        final Timespec now = clock.now();
        if (vap.flags() != Vattr.VNOVAL) {
            vp.flags = vap.flags();
        }
        if (vap.uid() != Vattr.VNOVAL) {
            vp.uid = (int) vap.uid();
        }
        if (vap.gid() != Vattr.VNOVAL) {
            vp.gid = (int) vap.gid();
        }
        if (vap.size() != Vattr.VNOVAL) {
            resize(vp, (int) vap.size());
            totalBytes += growth;
            vp.mtime = now;
        }
        if (!vap.atime().isVnoval()) {
            vp.atime = vap.atime();
        }
        if (!vap.mtime().isVnoval()) {
            vp.mtime = vap.mtime();
        }
        if (vap.mode() != Vattr.VNOVAL) {
            vp.mode = vap.mode();
        }
        vp.ctime = now;
        assert checkInvariants();
        return VfsResult.ok(vp);
    }

    private static boolean validId(long id) {
        return id == Vattr.VNOVAL || (id >= 0 && id < 0xFFFFFFFFL);
    }

    /**
     * Mirrors {@code ffs_write()}: IO_APPEND positions the uio at end of file; a write ending beyond
     * the file size limit gives EFBIG, beyond the mount's space ENOSPC; directories EISDIR; other
     * non-regular files EINVAL. The whole uio is written or nothing; mtime and ctime are set.
     */
    @Override
    public VfsResult<Long> write(Vnode vp, Uio uio, boolean append, Cred cred) {
        if (vp.type() == VType.VDIR) {
            return VfsResult.failed(Errno.EISDIR);
        }
        if (vp.type() != VType.VREG) {
            return VfsResult.failed(Errno.EINVAL);
        }
        final long offset = append ? vp.size : uio.offset();
        final long length = uio.resid();
        if (offset < 0 || offset + length > limits.maxFileSize()) {
            return VfsResult.failed(Errno.EFBIG);
        }
        final long end = offset + length;
        final long growth = Math.max(0, end - vp.size);
        if (totalBytes + growth > limits.maxTotalBytes()) {
            return VfsResult.failed(Errno.ENOSPC);
        }
        if (append) {
            uio.seek(offset);
        }
        if (length == 0) {
            return VfsResult.ok(0L);
        }
        if (end > vp.size) {
            resize(vp, (int) end);
        }
        System.arraycopy(uio.peek((int) length), 0, vp.data, (int) offset, (int) length);
        uio.advance(length);
        totalBytes += growth;
        final Timespec now = clock.now();
        vp.mtime = now;
        vp.ctime = now;
        assert checkInvariants();
        return VfsResult.ok(length);
    }

    /** Sets a regular file's size, zero-filling growth; grows storage geometrically within the limit. */
    private void resize(Vnode vp, int newSize) {
        if (newSize > vp.data.length) {
            final long doubled = Math.min((long) vp.data.length * 2, limits.maxFileSize());
            vp.data = Arrays.copyOf(vp.data, (int) Math.max(newSize, doubled));
        } else if (newSize < vp.size) {
            Arrays.fill(vp.data, newSize, vp.size, (byte) 0);
        }
        vp.size = newSize;
    }

    @Override
    public VfsResult<Vnode> fsync(Vnode vp) {
        return VfsResult.ok(vp);
    }

    /**
     * Mirrors {@code vnode_pager_generic_putpages()}: pages at or beyond end of file are not
     * written (VM_PAGER_BAD), the last partial page only up to end of file, and the file never
     * grows. The kernel returns {@code rtvals[0]} as the VOP's error; kemu reports a first page
     * that could not be written as EINVAL, and a non-regular file as EINVAL.
     */
    @Override
    public VfsResult<PutpagesResult> putpages(Vnode vp, Pages pages) {
        if (vp.type() != VType.VREG) {
            return VfsResult.failed(Errno.EINVAL);
        }
        final int count = pages.pages();
        final boolean[] written = new boolean[count];
        for (int i = 0; i < count; ++i) {
            written[i] = pages.offset() + (long) i * Pages.PAGE_SIZE < vp.size;
        }
        if (count == 0) {
            return VfsResult.ok(new PutpagesResult(written));
        }
        if (!written[0]) {
            return VfsResult.failed(Errno.EINVAL);
        }
        final long end = Math.min(vp.size, pages.offset() + pages.count());
        final int length = (int) (end - pages.offset());
        System.arraycopy(pages.data(), 0, vp.data, (int) pages.offset(), length);
        final Timespec now = clock.now();
        vp.mtime = now;
        vp.ctime = now;
        assert checkInvariants();
        return VfsResult.ok(new PutpagesResult(written));
    }

    /** Stores the ACL: owner or root (EPERM), at most the mount's ACL size (EINVAL). */
    @Override
    public VfsResult<Vnode> setacl(Vnode vp, byte[] acl, Cred cred) {
        if (acl.length > limits.maxAclBytes()) {
            return VfsResult.failed(Errno.EINVAL);
        }
        if (!cred.isRoot() && cred.uid() != vp.uid()) {
            return VfsResult.failed(Errno.EPERM);
        }
        vp.acl = acl.clone();
        vp.ctime = clock.now();
        return VfsResult.ok(vp);
    }

    /**
     * Sets an extended attribute from the uio, consuming it: a name of 1..255 bytes without NUL
     * (EINVAL), a value within the mount's limit (ENOSPC), by the owner or root (EPERM).
     */
    @Override
    public VfsResult<Vnode> setextattr(Vnode vp, String name, Uio uio, Cred cred) {
        final int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > Namecache.NAME_MAX || name.indexOf('\0') >= 0) {
            return VfsResult.failed(Errno.EINVAL);
        }
        if (uio.resid() > limits.maxExtattrBytes()) {
            return VfsResult.failed(Errno.ENOSPC);
        }
        if (!cred.isRoot() && cred.uid() != vp.uid()) {
            return VfsResult.failed(Errno.EPERM);
        }
        final int length = (int) uio.resid();
        vp.extattrs.put(name, uio.peek(length));
        uio.advance(length);
        vp.ctime = clock.now();
        return VfsResult.ok(vp);
    }

    /** {@code VOP_NCREATE} of a regular file or socket (unp_bind creates sockets through it). */
    @Override
    public VfsResult<Vnode> ncreate(Namecache nch, Vattr vap, Cred cred) {
        if (vap.type() != VType.VREG && vap.type() != VType.VSOCK) {
            return VfsResult.failed(Errno.EINVAL);
        }
        return createNode(nch, vap, cred);
    }

    /** {@code VOP_NMKNOD} of a character or block device or a fifo; rdev 0 when not given. */
    @Override
    public VfsResult<Vnode> nmknod(Namecache nch, Vattr vap, Cred cred) {
        if (!vap.type().isDevice() && vap.type() != VType.VFIFO) {
            return VfsResult.failed(Errno.EINVAL);
        }
        return createNode(nch, vap, cred);
    }

    @Override
    public VfsResult<Vnode> nsymlink(Namecache nch, Vattr vap, byte[] target, Cred cred) {
        final Vattr withType = vap.withType(VType.VLNK).withMode(vap.mode() == Vattr.VNOVAL ? 0755 : vap.mode());
        final VfsResult<Vnode> made = createNode(nch, withType, cred);
        if (made.isOk()) {
            made.value().symlinkTarget = target.clone();
        }
        return made;
    }

    /** Mirrors {@code ufs_mkdir()}: nlink 2, the parent gains a link (EMLINK at LINK_MAX). */
    @Override
    public VfsResult<Vnode> nmkdir(Namecache nch, Vattr vap, Cred cred) {
        final Errno error = checkCreatable(nch, true);
        if (error != null) {
            return VfsResult.failed(error);
        }
        final Vnode dvp = nch.parentDir();
        if (dvp.nlink >= LINK_MAX) {
            return VfsResult.failed(Errno.EMLINK);
        }
        final Timespec now = clock.now();
        final Vnode vp = allocate(VType.VDIR, modeOf(vap), cred.uid(), dvp.gid(), now);
        vp.nlink = 2;
        dvp.nlink++;
        linkName(nch, vp, now);
        assert checkInvariants();
        return VfsResult.ok(vp);
    }

    private VfsResult<Vnode> createNode(Namecache nch, Vattr vap, Cred cred) {
        final Errno error = checkCreatable(nch, true);
        if (error != null) {
            return VfsResult.failed(error);
        }
        final Vnode dvp = nch.parentDir();
        final Timespec now = clock.now();
        final Vnode vp = allocate(vap.type(), modeOf(vap), cred.uid(), dvp.gid(), now);
        if (vap.type().isDevice()) {
            vp.rmajor = vap.rmajor() == Vattr.VNOVAL ? 0 : vap.rmajor();
            vp.rminor = vap.rmajor() == Vattr.VNOVAL ? 0 : vap.rminor();
        }
        vp.nlink = 1;
        linkName(nch, vp, now);
        assert checkInvariants();
        return VfsResult.ok(vp);
    }

    private static int modeOf(Vattr vap) {
        return vap.mode() == Vattr.VNOVAL ? 0 : vap.mode();
    }

    /** Mirrors {@code ufs_link()}: not for directories (EPERM), EMLINK at LINK_MAX. */
    @Override
    public VfsResult<Vnode> nlink(Namecache nch, Vnode vp, Cred cred) {
        if (vp.type() == VType.VDIR) {
            return VfsResult.failed(Errno.EPERM);
        }
        if (vp.nlink == 0) {
            return VfsResult.failed(Errno.ENOENT);
        }
        if (vp.nlink >= LINK_MAX) {
            return VfsResult.failed(Errno.EMLINK);
        }
        final Errno error = checkCreatable(nch, false);
        if (error != null) {
            return VfsResult.failed(error);
        }
        final Timespec now = clock.now();
        vp.nlink++;
        vp.ctime = now;
        linkName(nch, vp, now);
        assert checkInvariants();
        return VfsResult.ok(vp);
    }

    /**
     * Mirrors {@code ufs_whiteout()}: LOOKUP answers that whiteouts are supported; CREATE turns a
     * free name into a whiteout (EEXIST if the name is taken or already a whiteout); DELETE removes
     * a whiteout (ENOENT if the name is not one).
     */
    @Override
    public VfsResult<Namecache> nwhiteout(Namecache nch, WhiteoutOp op, Cred cred) {
        switch (op) {
            case LOOKUP -> {
                return VfsResult.ok(nch);
            }
            case CREATE -> {
                if (nch.isWhiteout()) {
                    return VfsResult.failed(Errno.EEXIST);
                }
                final Errno error = checkCreatable(nch, false);
                if (error != null) {
                    return VfsResult.failed(error);
                }
                final Vnode dvp = nch.parentDir();
                nch.makeWhiteout();
                nch.linked(true);
                dvp.entries.put(nch.name(), nch);
                touchDirectory(dvp, clock.now());
            }
            case DELETE -> {
                final Vnode dvp = nch.parentDir();
                if (!nch.isWhiteout() || dvp == null || dvp.entries.get(nch.name()) != nch) {
                    return VfsResult.failed(Errno.ENOENT);
                }
                dvp.entries.remove(nch.name());
                nch.makeNegative();
                nch.linked(false);
                touchDirectory(dvp, clock.now());
            }
            default -> throw new IllegalArgumentException("whiteout op " + op);
        }
        assert checkInvariants();
        return VfsResult.ok(nch);
    }

    /** Mirrors {@code ufs_remove()}: directories give EPERM; the last link frees the vnode. */
    @Override
    public VfsResult<Vnode> nremove(Namecache nch, Cred cred) {
        final Vnode vp = nch.vnode();
        if (vp == null || !nch.isLinked()) {
            return VfsResult.failed(Errno.ENOENT);
        }
        if (vp.type() == VType.VDIR) {
            return VfsResult.failed(Errno.EPERM);
        }
        final Timespec now = clock.now();
        unlinkName(nch, now);
        vp.nlink--;
        vp.ctime = now;
        if (vp.nlink == 0) {
            release(vp);
        }
        assert checkInvariants();
        return VfsResult.ok(vp);
    }

    /**
     * Mirrors {@code ufs_rmdir()}: ENOTDIR for a non-directory, EBUSY for the root, ENOTEMPTY unless
     * the directory holds nothing but whiteouts (which go with it, as ufs_dirempty ignores them).
     */
    @Override
    public VfsResult<Vnode> nrmdir(Namecache nch, Cred cred) {
        final Vnode vp = nch.vnode();
        if (vp == null || !nch.isLinked()) {
            return VfsResult.failed(Errno.ENOENT);
        }
        if (vp.type() != VType.VDIR) {
            return VfsResult.failed(Errno.ENOTDIR);
        }
        if (vp == root) {
            return VfsResult.failed(Errno.EBUSY);
        }
        if (!isEmptyDirectory(vp)) {
            return VfsResult.failed(Errno.ENOTEMPTY);
        }
        final Timespec now = clock.now();
        removeDirectory(nch, vp, now);
        assert checkInvariants();
        return VfsResult.ok(vp);
    }

    private static boolean isEmptyDirectory(Vnode dir) {
        for (Namecache entry : dir.entries.values()) {
            if (!entry.isWhiteout()) {
                return false;
            }
        }
        return true;
    }

    private void removeDirectory(Namecache nch, Vnode vp, Timespec now) {
        for (Iterator<Namecache> it = vp.entries.values().iterator(); it.hasNext();) {
            final Namecache whiteout = it.next();
            whiteout.makeNegative();
            whiteout.linked(false);
            it.remove();
        }
        final Vnode dvp = nch.parentDir();
        unlinkName(nch, now);
        dvp.nlink--;
        vp.nlink = 0;
        vp.ctime = now;
        release(vp);
    }

    /**
     * Mirrors {@code ufs_rename()}: a directory may only replace an empty directory (ENOTDIR,
     * ENOTEMPTY), a non-directory only a non-directory (EISDIR); a directory cannot move below
     * itself (EINVAL); renaming a name onto another name of the same vnode does nothing. The
     * target entry {@code tnch} takes the place of {@code fnch} in the vnode's name list, and
     * {@code fnch} becomes negative but keeps its name and parent (so the journal can still write
     * the old path).
     */
    @Override
    public VfsResult<Vnode> nrename(Namecache fnch, Namecache tnch, Cred cred) {
        final Vnode fvp = fnch.vnode();
        if (fvp == null || !fnch.isLinked()) {
            return VfsResult.failed(Errno.ENOENT);
        }
        if (fvp == root) {
            return VfsResult.failed(Errno.EBUSY);
        }
        final Vnode tdvp = tnch.parentDir();
        if (tdvp == null) {
            return VfsResult.failed(Errno.EBUSY);
        }
        if (tdvp.type() != VType.VDIR || tdvp.nlink == 0) {
            return VfsResult.failed(Errno.ENOENT);
        }
        final Vnode tvp = tnch.vnode();
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
            if (tvp.type() == VType.VDIR && !isEmptyDirectory(tvp)) {
                return VfsResult.failed(Errno.ENOTEMPTY);
            }
        }
        final Vnode fdvp = fnch.parentDir();
        if (fvp.type() == VType.VDIR) {
            if (isAncestorOrSelf(fvp, tdvp)) {
                return VfsResult.failed(Errno.EINVAL);
            }
            if (fdvp != tdvp && tvp == null && tdvp.nlink >= LINK_MAX) {
                return VfsResult.failed(Errno.EMLINK);
            }
        }
        final Timespec now = clock.now();
        if (tvp != null) {
            if (tvp.type() == VType.VDIR) {
                removeDirectory(tnch, tvp, now);
            } else {
                unlinkName(tnch, now);
                tvp.nlink--;
                tvp.ctime = now;
                if (tvp.nlink == 0) {
                    release(tvp);
                }
            }
        }
        final int position = fvp.names.indexOf(fnch);
        fdvp.entries.remove(fnch.name());
        fnch.makeNegative();
        fnch.linked(false);
        final Namecache replaced = tdvp.entries.put(tnch.name(), tnch);
        if (replaced != null && replaced != tnch) {
            replaced.makeNegative();
            replaced.linked(false);
        }
        tnch.resolve(fvp);
        tnch.linked(true);
        fvp.names.set(position, tnch);
        if (fvp.type() == VType.VDIR && fdvp != tdvp) {
            fdvp.nlink--;
            tdvp.nlink++;
        }
        fvp.ctime = now;
        touchDirectory(fdvp, now);
        touchDirectory(tdvp, now);
        assert checkInvariants();
        return VfsResult.ok(fvp);
    }

    /** Whether {@code dir} is {@code ancestor} or lies below it. */
    static boolean isAncestorOrSelf(Vnode ancestor, Vnode dir) {
        Vnode scan = dir;
        while (scan != null) {
            if (scan == ancestor) {
                return true;
            }
            final Namecache name = scan.primaryName();
            scan = name == null ? null : name.parentDir();
        }
        return false;
    }

    /**
     * What a namespace VOP that adds a name checks: the entry is still free (EEXIST otherwise, also
     * for the root and for a stale negative entry whose name was taken since), its parent is a live
     * directory (ENOENT, ENOTDIR), and when a vnode is to be allocated the inode limit (ENOSPC).
     */
    private Errno checkCreatable(Namecache nch, boolean allocates) {
        final Vnode dvp = nch.parentDir();
        if (!nch.isNegative() || dvp == null) {
            return Errno.EEXIST;
        }
        if (dvp.type() != VType.VDIR) {
            return Errno.ENOTDIR;
        }
        if (dvp.nlink == 0) {
            return Errno.ENOENT;
        }
        final Namecache current = dvp.entries.get(nch.name());
        if (current != null && !current.isWhiteout()) {
            return Errno.EEXIST;
        }
        if (allocates && inodes >= limits.maxInodes()) {
            return Errno.ENOSPC;
        }
        return null;
    }

    private Vnode allocate(VType type, int mode, int uid, int gid, Timespec now) {
        final long inum = nextInum++;
        final Vnode vp = new Vnode(inum, type, generation(inum));
        vp.mode = mode;
        vp.uid = uid;
        vp.gid = gid;
        vp.atime = now;
        vp.mtime = now;
        vp.ctime = now;
        ++inodes;
        return vp;
    }

    /** A deterministic 32-bit inode generation number (ufs uses random()): a hash of fsid and inode. */
    private long generation(long inum) {
        long z = fsid * 0x9E3779B97F4A7C15L + inum;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & 0xFFFFFFFFL;
    }

    /** {@code cache_setvp()}: enters {@code nch} into its directory and at the head of vp's names. */
    private static void linkName(Namecache nch, Vnode vp, Timespec now) {
        final Vnode dvp = nch.parentDir();
        final Namecache replaced = dvp.entries.put(nch.name(), nch);
        if (replaced != null && replaced != nch) {
            replaced.makeNegative();
            replaced.linked(false);
        }
        nch.resolve(vp);
        nch.linked(true);
        vp.names.add(0, nch);
        touchDirectory(dvp, now);
    }

    /** Takes {@code nch} out of its directory and its vnode's names; it stays a negative entry. */
    private static void unlinkName(Namecache nch, Timespec now) {
        final Vnode dvp = nch.parentDir();
        final Vnode vp = nch.vnode();
        dvp.entries.remove(nch.name());
        vp.names.remove(nch);
        nch.makeNegative();
        nch.linked(false);
        touchDirectory(dvp, now);
    }

    private static void touchDirectory(Vnode dvp, Timespec now) {
        dvp.mtime = now;
        dvp.ctime = now;
    }

    private void release(Vnode vp) {
        assert vp.nlink == 0 && vp.names.isEmpty() : "release of a linked vnode " + vp;
        --inodes;
        if (vp.type() == VType.VREG) {
            totalBytes -= vp.size;
        }
    }

    /**
     * Walks the whole tree and checks the invariants in the class comment. Returns true so it can
     * sit inside {@code assert}; throws {@link AssertionError} naming the first violation.
     */
    private boolean checkInvariants() {
        final Map<Vnode, Integer> namesSeen = new HashMap<>();
        final Deque<Vnode> pending = new ArrayDeque<>();
        pending.add(root);
        namesSeen.put(root, 1);
        long bytes = 0;
        while (!pending.isEmpty()) {
            final Vnode dir = pending.poll();
            long subdirs = 0;
            for (Map.Entry<String, Namecache> e : dir.entries.entrySet()) {
                final Namecache nch = e.getValue();
                check(nch.name().equals(e.getKey()) && nch.parentDir() == dir && nch.isLinked(),
                        "entry " + e.getKey() + " in " + dir + " is inconsistent");
                if (nch.isWhiteout()) {
                    continue;
                }
                final Vnode vp = nch.vnode();
                check(vp != null && vp.names.contains(nch), "entry " + nch + " not in its vnode's names");
                final int seen = namesSeen.merge(vp, 1, Integer::sum);
                if (vp.type() == VType.VDIR) {
                    check(seen == 1, "directory " + vp + " has several names");
                    ++subdirs;
                    pending.add(vp);
                } else if (seen == 1 && vp.type() == VType.VREG) {
                    check(vp.size >= 0 && vp.size <= limits.maxFileSize() && vp.size <= vp.data.length,
                            "size of " + vp);
                    bytes += vp.size;
                }
            }
            check(dir.nlink == 2 + subdirs, "nlink of directory " + dir + " is " + dir.nlink);
        }
        for (Map.Entry<Vnode, Integer> e : namesSeen.entrySet()) {
            final Vnode vp = e.getKey();
            check(vp.names.size() == e.getValue(), "names of " + vp);
            if (vp.type() != VType.VDIR) {
                check(vp.nlink == e.getValue(), "nlink of " + vp + " is " + vp.nlink);
            }
        }
        check(bytes == totalBytes, "file bytes " + bytes + " != accounted " + totalBytes);
        check(namesSeen.size() == inodes, "reachable vnodes " + namesSeen.size() + " != " + inodes);
        return true;
    }

    private static void check(boolean condition, String violation) {
        if (!condition) {
            throw new AssertionError("filesystem invariant violated: " + violation);
        }
    }
}
