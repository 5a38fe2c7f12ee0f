package io.kemu.journal.scan.testing;

import io.kemu.journal.scan.op.VType;
import io.kemu.journal.wire.RecordType;

import java.util.function.Consumer;

/**
 * Test-only builders of the per-VOP record layouts of JOURNAL-SPEC section 1.3 (REDO parts after
 * success, UNDO parts written before the VOP in reversible journals). Each returns the logical payload
 * of one transaction: one top-level container. CRED is UID/GID only except for setattr, setacl and
 * setextattr, which add PID and COMM.
 */
public final class Vops {
    private Vops() {
    }

    /** Fills an UNDO section (leaves inside UNDO{...}). */
    public interface Undo extends Consumer<SubRecordWriter> {
    }

    public static SubRecordWriter cred(SubRecordWriter w, boolean withProcess) {
        w.push(RecordType.CRED).u32(RecordType.UID, 0).u32(RecordType.GID, 0);
        if (withProcess) {
            w.u32(RecordType.PID, 4242).leaf(RecordType.COMM, "kemu\0\0\0\0\0\0\0\0\0\0\0\0\0".getBytes());
        }
        return w.pop();
    }

    private static void undo(SubRecordWriter w, Undo undo) {
        if (undo != null) {
            w.push(RecordType.UNDO);
            undo.accept(w);
            w.pop();
        }
    }

    /** VATTR{VTYPE, MODES} of a new node. */
    public static SubRecordWriter vattr(SubRecordWriter w, long vtype, int mode) {
        return w.push(RecordType.VATTR).u32(RecordType.VTYPE, vtype).u32(RecordType.MODES, mode).pop();
    }

    public static byte[] create(String path, int mode) {
        return create(path, VType.VREG, mode);
    }

    /** ncreate: CRED, PATH1, PATH_REF, REDO{VATTR}. */
    public static byte[] create(String path, long vtype, int mode) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.CREATE);
        cred(w, false).path(RecordType.PATH1, path).path(RecordType.PATH_REF, path).push(RecordType.REDO);
        vattr(w, vtype, mode).pop();
        return w.pop().toBytes();
    }

    /** nmknod: CRED, PATH1, REDO{VATTR incl. UDEV/UMAJOR/UMINOR}, then PATH_REF. */
    public static byte[] mknod(String path, long vtype, int mode, long udev, long major, long minor) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.MKNOD);
        cred(w, false).path(RecordType.PATH1, path).push(RecordType.REDO).push(RecordType.VATTR)
                .u32(RecordType.VTYPE, vtype).u32(RecordType.MODES, mode).u32(RecordType.UDEV, udev)
                .u32(RecordType.UMAJOR, major).u32(RecordType.UMINOR, minor).pop().pop()
                .path(RecordType.PATH_REF, path);
        return w.pop().toBytes();
    }

    /** write: [UNDO], CRED, PATH_REF, REDO{SEEKPOS, FILEDATA x n}; {@code data} split into leaves. */
    public static byte[] write(String path, long offset, Undo undo, byte[]... data) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.WRITE);
        undo(w, undo);
        cred(w, false).path(RecordType.PATH_REF, path).push(RecordType.REDO).u64(RecordType.SEEKPOS, offset);
        for (byte[] d : data) {
            w.leaf(RecordType.FILEDATA, d);
        }
        return w.pop().pop().toBytes();
    }

    /** The UNDO of a non-append write: VATTR{VTYPE,SIZE,MTIME}, SEEKPOS, old FILEDATA. */
    public static Undo writeUndo(long oldSize, long mtimeSeconds, long offset, byte[] oldData) {
        return w -> {
            w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VREG).u64(RecordType.SIZE, oldSize)
                    .time(RecordType.MTIME, mtimeSeconds, 0).pop();
            if (oldData.length > 0) {
                w.u64(RecordType.SEEKPOS, offset).leaf(RecordType.FILEDATA, oldData);
            }
        };
    }

    /** putpages: PATH_REF, REDO{(SEEKPOS, FILEDATA) per run}; no CRED. */
    public static byte[] putpages(String path, long[] offsets, byte[][] runs) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.PUTPAGES).path(RecordType.PATH_REF, path)
                .push(RecordType.REDO);
        for (int i = 0; i < offsets.length; i++) {
            w.u64(RecordType.SEEKPOS, offsets[i]).leaf(RecordType.FILEDATA, runs[i]);
        }
        return w.pop().pop().toBytes();
    }

    /** setattr: [UNDO{VATTR(all)}], CRED(+pid,comm), PATH_REF, REDO{VATTR(requested)}. */
    public static byte[] setattr(String path, Consumer<SubRecordWriter> redoVattr, Undo undo) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.SETATTR);
        undo(w, undo);
        cred(w, true).path(RecordType.PATH_REF, path).push(RecordType.REDO).push(RecordType.VATTR);
        redoVattr.accept(w);
        return w.pop().pop().pop().toBytes();
    }

    /** setacl: CRED(+pid,comm), PATH_REF only. */
    public static byte[] setacl(String path) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.SETACL);
        return cred(w, true).path(RecordType.PATH_REF, path).pop().toBytes();
    }

    /** setextattr: CRED(+pid,comm), PATH_REF, ATTRNAME, REDO{SEEKPOS[, FILEDATA]}. */
    public static byte[] setextattr(String path, String name, byte[] value) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.SETEXTATTR);
        cred(w, true).path(RecordType.PATH_REF, path).string(RecordType.ATTRNAME, name).push(RecordType.REDO)
                .u64(RecordType.SEEKPOS, value.length);
        if (value.length > 0) {
            w.leaf(RecordType.FILEDATA, value);
        }
        return w.pop().pop().toBytes();
    }

    /** nlink: CRED, PATH1 (new name), REDO{PATH_REF = existing name}. */
    public static byte[] link(String newPath, String existing) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.LINK);
        cred(w, false).path(RecordType.PATH1, newPath).push(RecordType.REDO);
        if (existing != null) {
            w.path(RecordType.PATH_REF, existing);
        }
        return w.pop().pop().toBytes();
    }

    /** nsymlink: CRED, PATH1, REDO{SYMLINKDATA}, then PATH_REF. */
    public static byte[] symlink(String path, String target) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.SYMLINK);
        cred(w, false).path(RecordType.PATH1, path).push(RecordType.REDO).string(RecordType.SYMLINKDATA, target).pop()
                .path(RecordType.PATH_REF, path);
        return w.pop().toBytes();
    }

    /** nwhiteout: CRED, PATH1. */
    public static byte[] whiteout(String path) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.WHITEOUT);
        return cred(w, false).path(RecordType.PATH1, path).pop().toBytes();
    }

    /** nremove: [UNDO{VATTR(all), data or SYMLINKDATA}], CRED, PATH1. */
    public static byte[] remove(String path, Undo undo) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.REMOVE);
        undo(w, undo);
        return cred(w, false).path(RecordType.PATH1, path).pop().toBytes();
    }

    /** The UNDO of removing a regular file: VATTR (UNDO order) and its whole data. */
    public static Undo fileUndo(int mode, byte[] data) {
        return w -> {
            w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VREG).u32(RecordType.NLINK, 1)
                    .u64(RecordType.SIZE, data.length).u32(RecordType.UID, 0).u32(RecordType.GID, 0)
                    .u32(RecordType.MODES, mode).time(RecordType.MTIME, 1_000_000_000L, 0).pop();
            if (data.length > 0) {
                w.u64(RecordType.SEEKPOS, 0).leaf(RecordType.FILEDATA, data);
            }
        };
    }

    /** The UNDO of removing a symlink: VATTR{VTYPE VLNK}, SYMLINKDATA. */
    public static Undo symlinkUndo(String target) {
        return w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, VType.VLNK).pop()
                .string(RecordType.SYMLINKDATA, target);
    }

    /** The UNDO of removing a device or fifo: VATTR with the device numbers. */
    public static Undo specialUndo(long vtype, int mode, long udev, long major, long minor) {
        return w -> w.push(RecordType.VATTR).u32(RecordType.VTYPE, vtype).u32(RecordType.MODES, mode)
                .u32(RecordType.UDEV, udev).u32(RecordType.UMAJOR, major).u32(RecordType.UMINOR, minor).pop();
    }

    /** nmkdir: PATH1, CRED, bare VATTR, PATH1 again, PATH_REF. */
    public static byte[] mkdir(String path, int mode) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.MKDIR).path(RecordType.PATH1, path);
        cred(w, false);
        vattr(w, VType.VDIR, mode).path(RecordType.PATH1, path).path(RecordType.PATH_REF, path);
        return w.pop().toBytes();
    }

    /** nrmdir: [UNDO{VATTR(all)}], CRED, PATH1. */
    public static byte[] rmdir(String path, Integer undoMode) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.RMDIR);
        if (undoMode != null) {
            undo(w, u -> vattr(u, VType.VDIR, undoMode));
        }
        return cred(w, false).path(RecordType.PATH1, path).pop().toBytes();
    }

    /** nrename: [UNDO of the replaced target], CRED, PATH1 (from), PATH2 (to). */
    public static byte[] rename(String from, String to, Undo targetUndo) {
        SubRecordWriter w = new SubRecordWriter().push(RecordType.RENAME);
        undo(w, targetUndo);
        return cred(w, false).path(RecordType.PATH1, from).path(RecordType.PATH2, to).pop().toBytes();
    }

    /** A DISCONT ASSOCIATE payload: one 8-byte sub-record. */
    public static byte[] associate() {
        return new SubRecordWriter().rawHeader(RecordType.ASSOCIATE, 8).toBytes();
    }
}
