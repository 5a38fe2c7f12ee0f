package io.kemu.vfs;

import java.util.Objects;

/**
 * A {@code struct vattr}: the attributes of a vnode as {@code VOP_GETATTR} reports them, or the
 * attributes a caller asks for in {@code VOP_SETATTR} / {@code VOP_NCREATE} / {@code VOP_NMKDIR} /
 * {@code VOP_NMKNOD}. A field equal to {@link #VNOVAL} (type {@link VType#VNON}, time {@link
 * Timespec#VNOVAL}) is "not set"; {@link #NULL} has every field unset ({@code VATTR_NULL()}).
 *
 * <p>Value ranges follow the kernel's types: mode is the 12 permission bits (u_short), uid/gid/fsid
 * are 32-bit unsigned values held in a long, rmajor/rminor are ints. The journal writers decide which
 * fields appear by comparing with VNOVAL, exactly as {@code jrecord_write_vattr()} does.
 */
public record Vattr(
        VType type,
        int mode,
        long nlink,
        long uid,
        long gid,
        long fsid,
        long fileid,
        long size,
        Timespec atime,
        Timespec mtime,
        Timespec ctime,
        long gen,
        long flags,
        int rmajor,
        int rminor) {

    /** The kernel's {@code VNOVAL}: a field that is not set. */
    public static final int VNOVAL = -1;

    /** Every field unset: {@code VATTR_NULL()}. */
    public static final Vattr NULL = new Vattr(VType.VNON, VNOVAL, VNOVAL, VNOVAL, VNOVAL, VNOVAL,
            VNOVAL, VNOVAL, Timespec.VNOVAL, Timespec.VNOVAL, Timespec.VNOVAL, VNOVAL, VNOVAL, VNOVAL,
            VNOVAL);

    public Vattr {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(atime, "atime");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(ctime, "ctime");
        if (mode != VNOVAL && (mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode has bits beyond 07777: " + Integer.toOctalString(mode));
        }
    }

    /** The attributes {@code kern_open(O_CREAT)}, {@code kern_mkdir} etc. pass: a type and a mode. */
    public static Vattr ofTypeAndMode(VType type, int mode) {
        return NULL.withType(type).withMode(mode);
    }

    public Vattr withType(VType t) {
        return new Vattr(t, mode, nlink, uid, gid, fsid, fileid, size, atime, mtime, ctime, gen, flags,
                rmajor, rminor);
    }

    public Vattr withMode(int m) {
        return new Vattr(type, m, nlink, uid, gid, fsid, fileid, size, atime, mtime, ctime, gen, flags,
                rmajor, rminor);
    }

    /** Owner change; pass {@link #VNOVAL} for a part that is not to change (chown's -1). */
    public Vattr withOwner(long u, long g) {
        return new Vattr(type, mode, nlink, u, g, fsid, fileid, size, atime, mtime, ctime, gen, flags,
                rmajor, rminor);
    }

    public Vattr withSize(long s) {
        return new Vattr(type, mode, nlink, uid, gid, fsid, fileid, s, atime, mtime, ctime, gen, flags,
                rmajor, rminor);
    }

    public Vattr withTimes(Timespec a, Timespec m) {
        return new Vattr(type, mode, nlink, uid, gid, fsid, fileid, size, a, m, ctime, gen, flags,
                rmajor, rminor);
    }

    public Vattr withFlags(long f) {
        return new Vattr(type, mode, nlink, uid, gid, fsid, fileid, size, atime, mtime, ctime, gen, f,
                rmajor, rminor);
    }

    public Vattr withDevice(int major, int minor) {
        return new Vattr(type, mode, nlink, uid, gid, fsid, fileid, size, atime, mtime, ctime, gen, flags,
                major, minor);
    }

    public Vattr withNlink(long n) {
        return new Vattr(type, mode, n, uid, gid, fsid, fileid, size, atime, mtime, ctime, gen, flags,
                rmajor, rminor);
    }

    public Vattr withIdentity(long fsidValue, long fileidValue, long genValue) {
        return new Vattr(type, mode, nlink, uid, gid, fsidValue, fileidValue, size, atime, mtime, ctime,
                genValue, flags, rmajor, rminor);
    }

    public Vattr withCtime(Timespec c) {
        return new Vattr(type, mode, nlink, uid, gid, fsid, fileid, size, atime, mtime, c, gen, flags,
                rmajor, rminor);
    }

    /**
     * The kernel's {@code makeudev(rmajor, rminor)}: {@code (major << 8) | minor}, or NOUDEV
     * ({@code 0xFFFFFFFF}) when the major does not fit 8 bits or the minor uses bits 8..15.
     */
    public static int makeudev(int major, int minor) {
        if ((major & 0xffffff00) != 0 || (minor & 0x0000ff00) != 0) {
            return 0xFFFFFFFF;
        }
        return (major << 8) | minor;
    }
}
