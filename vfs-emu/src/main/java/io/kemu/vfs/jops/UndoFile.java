package io.kemu.vfs.jops;

import io.kemu.journal.jrecord.RecordBuilder;
import io.kemu.journal.wire.RecordType;
import io.kemu.vfs.VType;
import io.kemu.vfs.Vattr;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.Vnode;
import io.kemu.vfs.VopVector;

/**
 * The UNDO section of a reversable journal: {@code jrecord_undo_file()} of {@code vfs_jops.c}
 * with its {@code JRUNDO_*} selection flags, and {@code jrecord_file_data()} of
 * {@code vfs_journal.c}.
 *
 * <p>UNDO{ VATTR{VTYPE always, then NLINK, SIZE, UID, GID, FSID, MODES, INUM, ATIME, MTIME, CTIME,
 * GEN, FLAGS, UDEV/UMAJOR/UMINOR as requested and not VNOVAL} [SEEKPOS + FILEDATA in 8 KiB
 * leaves | SYMLINKDATA] }. The old state is read through the filesystem's own vector, before the
 * VOP runs. kemu's getattr and reads cannot fail, so the ERROR leaf the kernel writes on such a
 * failure never appears; CONDLINK is accepted and ignored, as in the kernel.
 */
public final class UndoFile {
    public static final int SIZE = 0x00000001;
    public static final int UID = 0x00000002;
    public static final int GID = 0x00000004;
    public static final int FSID = 0x00000008;
    public static final int MODES = 0x00000010;
    public static final int INUM = 0x00000020;
    public static final int ATIME = 0x00000040;
    public static final int MTIME = 0x00000080;
    public static final int CTIME = 0x00000100;
    public static final int GEN = 0x00000200;
    public static final int FLAGS = 0x00000400;
    public static final int UDEV = 0x00000800;
    public static final int NLINK = 0x00001000;
    public static final int FILEDATA = 0x00010000;
    public static final int GETVP = 0x00020000;
    /** "Skip the data when nlink > 1": defined, but the kernel ignores it. */
    public static final int CONDLINK = 0x00040000;
    public static final int VATTR = SIZE | UID | GID | FSID | MODES | INUM | ATIME | MTIME | CTIME | GEN | FLAGS
            | UDEV | NLINK;
    public static final int ALL = VATTR | FILEDATA;

    /** Bytes per FILEDATA leaf of {@code jrecord_file_data()} (its read buffer). */
    public static final int FILE_DATA_CHUNK = 8192;

    private UndoFile() {
    }

    /**
     * Mirrors {@code jrecord_undo_file()}: writes UNDO for {@code vp} into {@code rb}. File data
     * covers {@code [off, off + bytes)} clipped to the current size ({@code bytes == -1}: to end of
     * file) and is written only when more than 0 bytes remain.
     */
    public static void write(RecordBuilder rb, VopVector fs, Vnode vp, int jrflags, long off, long bytes) {
        rb.push(RecordType.UNDO);
        final Vattr attr = fs.getattr(vp);
        if ((jrflags & VATTR) != 0) {
            writeVattr(rb, attr, jrflags);
        }
        if ((jrflags & FILEDATA) != 0 && attr.type() == VType.VREG) {
            long length = bytes == -1 ? attr.size() - off : bytes;
            if (off + length > attr.size()) {
                length = attr.size() - off;
            }
            if (length > 0) {
                writeFileData(rb, fs, vp, off, length);
            }
        }
        if ((jrflags & FILEDATA) != 0 && attr.type() == VType.VLNK) {
            final VfsResult<byte[]> target = fs.readlink(vp);
            if (target.isOk()) {
                rb.leaf(RecordType.SYMLINKDATA, target.value());
            }
        }
        rb.pop();
    }

    private static void writeVattr(RecordBuilder rb, Vattr attr, int jrflags) {
        rb.push(RecordType.VATTR);
        rb.leaf(RecordType.VTYPE, NativeLeafLayout.i32(attr.type().code()));
        if ((jrflags & NLINK) != 0 && attr.nlink() != Vattr.VNOVAL) {
            rb.leaf(RecordType.NLINK, NativeLeafLayout.i64(attr.nlink()));
        }
        if ((jrflags & SIZE) != 0 && attr.size() != Vattr.VNOVAL) {
            rb.leaf(RecordType.SIZE, NativeLeafLayout.i64(attr.size()));
        }
        if ((jrflags & UID) != 0 && attr.uid() != Vattr.VNOVAL) {
            rb.leaf(RecordType.UID, NativeLeafLayout.i32(attr.uid()));
        }
        if ((jrflags & GID) != 0 && attr.gid() != Vattr.VNOVAL) {
            rb.leaf(RecordType.GID, NativeLeafLayout.i32(attr.gid()));
        }
        if ((jrflags & FSID) != 0 && attr.fsid() != Vattr.VNOVAL) {
            rb.leaf(RecordType.FSID, NativeLeafLayout.i32(attr.fsid()));
        }
        if ((jrflags & MODES) != 0 && attr.mode() != Vattr.VNOVAL) {
            rb.leaf(RecordType.MODES, NativeLeafLayout.u16(attr.mode()));
        }
        if ((jrflags & INUM) != 0 && attr.fileid() != Vattr.VNOVAL) {
            rb.leaf(RecordType.INUM, NativeLeafLayout.i64(attr.fileid()));
        }
        if ((jrflags & ATIME) != 0 && !attr.atime().isVnoval()) {
            rb.leaf(RecordType.ATIME, NativeLeafLayout.timespec(attr.atime()));
        }
        if ((jrflags & MTIME) != 0 && !attr.mtime().isVnoval()) {
            rb.leaf(RecordType.MTIME, NativeLeafLayout.timespec(attr.mtime()));
        }
        if ((jrflags & CTIME) != 0 && !attr.ctime().isVnoval()) {
            rb.leaf(RecordType.CTIME, NativeLeafLayout.timespec(attr.ctime()));
        }
        if ((jrflags & GEN) != 0 && attr.gen() != Vattr.VNOVAL) {
            rb.leaf(RecordType.GEN, NativeLeafLayout.i64(attr.gen()));
        }
        if ((jrflags & FLAGS) != 0 && attr.flags() != Vattr.VNOVAL) {
            rb.leaf(RecordType.FLAGS, NativeLeafLayout.i64(attr.flags()));
        }
        if ((jrflags & UDEV) != 0 && attr.rmajor() != Vattr.VNOVAL) {
            RecordWriters.writeDevice(rb, attr);
        }
        rb.pop();
    }

    /**
     * Mirrors {@code jrecord_file_data()}: SEEKPOS({@code off}), then the data in FILEDATA leaves of
     * at most {@link #FILE_DATA_CHUNK} bytes.
     */
    public static void writeFileData(RecordBuilder rb, VopVector fs, Vnode vp, long off, long bytes) {
        rb.leaf(RecordType.SEEKPOS, NativeLeafLayout.i64(off));
        long position = off;
        long remaining = bytes;
        while (remaining > 0) {
            final int n = (int) Math.min(remaining, FILE_DATA_CHUNK);
            rb.leaf(RecordType.FILEDATA, fs.read(vp, position, n));
            remaining -= n;
            position += n;
        }
    }
}
