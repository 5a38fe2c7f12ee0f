package io.kemu.vfs.jops;

import io.kemu.journal.wire.LittleEndian;
import io.kemu.vfs.Cred;
import io.kemu.vfs.Timespec;
import java.nio.charset.StandardCharsets;

/**
 * The payloads of the leaves that carry native kernel values. The kernel journals them as raw
 * host structures ({@code jrecord_leaf(jrec, type, &value, sizeof(value))}); kemu fixes the host as
 * DragonFly on x86-64 (LP64, little-endian), whose types give these widths:
 *
 * <pre>
 *  leaf            C type (struct vattr / proc)     bytes  layout
 *  VTYPE           enum vtype                         4    i32
 *  MODES           u_short va_mode                    2    u16
 *  NLINK           u_int64_t va_nlink                 8    i64
 *  UID, GID        uid_t, gid_t                       4    u32
 *  FSID, UDEV      udev_t                             4    u32
 *  INUM            ino_t va_fileid                    8    i64
 *  SIZE, SEEKPOS   u_quad_t va_size, off_t            8    i64
 *  ATIME..CTIME    struct timespec                   16    i64 tv_sec, i64 tv_nsec
 *  GEN             u_int64_t va_gen                   8    i64
 *  FLAGS           u_long va_flags                    8    i64
 *  UMAJOR, UMINOR  int va_rmajor, va_rminor           4    i32
 *  PID             pid_t p_pid                        4    i32
 *  COMM            char p_comm[MAXCOMLEN + 1]        17    name, NUL-padded
 *  ERROR           int                                4    i32
 * </pre>
 *
 * Paths, SYMLINKDATA, ATTRNAME and FILEDATA are byte strings and are not encoded here.
 */
public final class NativeLeafLayout {
    public static final int INT_BYTES = 4;
    public static final int SHORT_BYTES = 2;
    public static final int LONG_BYTES = 8;
    public static final int TIMESPEC_BYTES = 16;
    /** {@code sizeof(p_comm)}: MAXCOMLEN + 1. */
    public static final int COMM_BYTES = Cred.MAXCOMLEN + 1;

    private NativeLeafLayout() {
    }

    /** A 2-byte unsigned value (mode). */
    public static byte[] u16(int value) {
        final byte[] out = new byte[SHORT_BYTES];
        LittleEndian.putU16(out, 0, value);
        return out;
    }

    /** A 4-byte value (int, enum, uid_t, gid_t, udev_t, pid_t). */
    public static byte[] i32(long value) {
        final byte[] out = new byte[INT_BYTES];
        LittleEndian.putI32(out, 0, (int) value);
        return out;
    }

    /** An 8-byte value (off_t, ino_t, u_int64_t, u_long). */
    public static byte[] i64(long value) {
        final byte[] out = new byte[LONG_BYTES];
        LittleEndian.putI64(out, 0, value);
        return out;
    }

    /** A {@code struct timespec}: tv_sec then tv_nsec, 8 bytes each. */
    public static byte[] timespec(Timespec t) {
        final byte[] out = new byte[TIMESPEC_BYTES];
        LittleEndian.putI64(out, 0, t.sec());
        LittleEndian.putI64(out, LONG_BYTES, t.nsec());
        return out;
    }

    /** The whole {@code p_comm} array: the name's bytes, NUL-padded to 17 bytes. */
    public static byte[] comm(String name) {
        final byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        final byte[] out = new byte[COMM_BYTES];
        System.arraycopy(raw, 0, out, 0, Math.min(raw.length, Cred.MAXCOMLEN));
        return out;
    }
}
