package io.kemu.vfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An emulated vnode together with its inode: type, attributes, contents (file data, symlink target
 * or directory entries), extended attributes and ACL, and the name-cache entries that name it
 * ({@code v_namecache}, newest first, as {@code cache_setvp()} inserts at the head).
 *
 * <p>Only {@link MemFilesystem} changes a vnode; everything public here is read-only.
 *
 * <p>Invariants (checked by {@link MemFilesystem}): a regular file's size equals its stored bytes
 * and never exceeds the mount's file size limit; a directory's nlink is 2 plus its subdirectories
 * (the root's too); any other live vnode's nlink equals the number of its names; a directory has at
 * most one name; only directories have entries.
 */
public final class Vnode {
    /** Size reported for every directory (one {@code DIRBLKSIZ} block). */
    public static final long DIRECTORY_SIZE = 512;

    private final long inum;
    private final VType type;
    private final long gen;
    int mode;
    int uid;
    int gid;
    long nlink;
    Timespec atime;
    Timespec mtime;
    Timespec ctime;
    long flags;
    int rmajor;
    int rminor;

    byte[] data = new byte[0];
    int size;
    byte[] symlinkTarget;
    final TreeMap<String, Namecache> entries;
    final List<Namecache> names = new ArrayList<>(1);
    final TreeMap<String, byte[]> extattrs = new TreeMap<>();
    byte[] acl = new byte[0];

    Vnode(long inum, VType type, long gen) {
        this.inum = inum;
        this.type = type;
        this.gen = gen;
        this.entries = type == VType.VDIR ? new TreeMap<>() : null;
    }

    /** The inode number ({@code va_fileid}). */
    public long inum() {
        return inum;
    }

    public VType type() {
        return type;
    }

    public long gen() {
        return gen;
    }

    /** Permission bits (07777). */
    public int mode() {
        return mode;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    public long nlink() {
        return nlink;
    }

    /** File size: stored bytes (VREG), target length (VLNK), {@link #DIRECTORY_SIZE}, or 0. */
    public long size() {
        return switch (type) {
            case VREG -> size;
            case VLNK -> symlinkTarget.length;
            case VDIR -> DIRECTORY_SIZE;
            default -> 0;
        };
    }

    public Timespec atime() {
        return atime;
    }

    public Timespec mtime() {
        return mtime;
    }

    public Timespec ctime() {
        return ctime;
    }

    /** File flags ({@code chflags}); stored and journaled, not enforced. */
    public long flags() {
        return flags;
    }

    public int rmajor() {
        return rmajor;
    }

    public int rminor() {
        return rminor;
    }

    /** The names of this vnode, newest first (the kernel's {@code v_namecache} order). */
    public List<Namecache> names() {
        return Collections.unmodifiableList(names);
    }

    /** A directory's entries by name (positive and whiteout), sorted; empty for other types. */
    public NavigableMap<String, Namecache> entries() {
        return entries == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(entries);
    }

    /** A copy of a regular file's contents. */
    public byte[] contents() {
        return Arrays.copyOf(data, size);
    }

    /**
     * Up to {@code length} bytes at {@code offset} of a regular file, fewer at EOF: the read that
     * {@code vn_rdwr(UIO_READ)} performs for {@code jrecord_file_data()}.
     */
    public byte[] read(long offset, int length) {
        if (offset >= size || length <= 0) {
            return new byte[0];
        }
        final int from = (int) offset;
        return Arrays.copyOfRange(data, from, from + Math.min(length, size - from));
    }

    /** A symlink's target bytes (no NUL); null for other types. */
    public byte[] symlinkTarget() {
        return symlinkTarget == null ? null : symlinkTarget.clone();
    }

    /** Extended attributes by name; values are copies. */
    public NavigableMap<String, byte[]> extattrs() {
        final TreeMap<String, byte[]> copy = new TreeMap<>();
        extattrs.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    public byte[] acl() {
        return acl.clone();
    }

    /** The entry {@code jrecord_write_vnode_ref()} names this vnode by: the newest name, or null. */
    public Namecache primaryName() {
        return names.isEmpty() ? null : names.get(0);
    }

    /** {@code VOP_GETATTR}: every field filled (rmajor/rminor 0 for non-devices, like ufs_getattr). */
    public Vattr getattr(long fsid) {
        return new Vattr(type, mode, nlink, Integer.toUnsignedLong(uid), Integer.toUnsignedLong(gid), fsid,
                inum, size(), atime, mtime, ctime, gen, flags, rmajor, rminor);
    }

    @Override
    public String toString() {
        final Namecache name = primaryName();
        return "Vnode[" + inum + " " + type + (name == null ? " unlinked" : " " + name.path()) + "]";
    }
}
