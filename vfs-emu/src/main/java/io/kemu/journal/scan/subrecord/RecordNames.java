package io.kemu.journal.scan.subrecord;

import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.StreamId;

import java.util.Map;

/** Display names of sub-record types and control stream ids, as jscan's debug dump prints them. */
public final class RecordNames {
    private static final Map<Integer, String> TYPES = Map.ofEntries(
            Map.entry(RecordType.PAD, "PAD"),
            Map.entry(RecordType.ABORT, "ABORT"),
            Map.entry(RecordType.ASSOCIATE, "ASSOCIATE"),
            Map.entry(RecordType.DISASSOCIATE, "DISASSOCIATE"),
            Map.entry(RecordType.UNDO, "UNDO"),
            Map.entry(RecordType.AUDIT, "AUDIT"),
            Map.entry(RecordType.REDO, "REDO"),
            Map.entry(RecordType.SETATTR, "SETATTR"),
            Map.entry(RecordType.WRITE, "WRITE"),
            Map.entry(RecordType.PUTPAGES, "PUTPAGES"),
            Map.entry(RecordType.SETACL, "SETACL"),
            Map.entry(RecordType.SETEXTATTR, "SETEXTATTR"),
            Map.entry(RecordType.CREATE, "CREATE"),
            Map.entry(RecordType.MKNOD, "MKNOD"),
            Map.entry(RecordType.LINK, "LINK"),
            Map.entry(RecordType.SYMLINK, "SYMLINK"),
            Map.entry(RecordType.WHITEOUT, "WHITEOUT"),
            Map.entry(RecordType.REMOVE, "REMOVE"),
            Map.entry(RecordType.MKDIR, "MKDIR"),
            Map.entry(RecordType.RMDIR, "RMDIR"),
            Map.entry(RecordType.RENAME, "RENAME"),
            Map.entry(RecordType.VATTR, "VATTR"),
            Map.entry(RecordType.CRED, "CRED"),
            Map.entry(RecordType.FILEDATA, "FILEDATA"),
            Map.entry(RecordType.PATH1, "PATH1"),
            Map.entry(RecordType.PATH2, "PATH2"),
            Map.entry(RecordType.PATH3, "PATH3"),
            Map.entry(RecordType.PATH4, "PATH4"),
            Map.entry(RecordType.UID, "UID"),
            Map.entry(RecordType.GID, "GID"),
            Map.entry(RecordType.MODES, "MODES"),
            Map.entry(RecordType.FFLAGS, "FFLAGS"),
            Map.entry(RecordType.PID, "PID"),
            Map.entry(RecordType.PPID, "PPID"),
            Map.entry(RecordType.COMM, "COMM"),
            Map.entry(RecordType.ATTRNAME, "ATTRNAME"),
            Map.entry(RecordType.PATH_REF, "PATH_REF"),
            Map.entry(RecordType.SYMLINKDATA, "SYMLINKDATA"),
            Map.entry(RecordType.SEEKPOS, "SEEKPOS"),
            Map.entry(RecordType.INUM, "INUM"),
            Map.entry(RecordType.NLINK, "NLINK"),
            Map.entry(RecordType.FSID, "FSID"),
            Map.entry(RecordType.SIZE, "SIZE"),
            Map.entry(RecordType.ATIME, "ATIME"),
            Map.entry(RecordType.MTIME, "MTIME"),
            Map.entry(RecordType.CTIME, "CTIME"),
            Map.entry(RecordType.GEN, "GEN"),
            Map.entry(RecordType.FLAGS, "FLAGS"),
            Map.entry(RecordType.UDEV, "UDEV"),
            Map.entry(RecordType.FILEREV, "FILEREV"),
            Map.entry(RecordType.VTYPE, "VTYPE"),
            Map.entry(RecordType.ERROR, "ERROR"),
            Map.entry(RecordType.UMAJOR, "UMAJOR"),
            Map.entry(RecordType.UMINOR, "UMINOR"));

    private static final String[] VTYPES = {"VNON", "VREG", "VDIR", "VBLK", "VCHR", "VLNK", "VSOCK", "VFIFO", "VBAD"};

    private RecordNames() {
    }

    /** The name of a sub-record type (LAST ignored), or {@code UNKNOWN}. */
    public static String typeName(int rectype) {
        return TYPES.getOrDefault(RecordType.base(rectype), "UNKNOWN");
    }

    /** The name of a vnode type value (VREG, VDIR, ...), or {@code V?} for values past VBAD. */
    public static String vtypeName(long vtype) {
        return vtype >= 0 && vtype < VTYPES.length ? VTYPES[(int) vtype] : "V?";
    }

    /** jscan's name for a control stream (ids below 0x100). */
    public static String controlStreamName(int streamId) {
        return switch (StreamId.id(streamId)) {
            case StreamId.SYNCPT -> "SYNCPT";
            case StreamId.PAD -> "PAD";
            case StreamId.DISCONT -> "DISCONT";
            case StreamId.ANNOTATE -> "ANNOTATION";
            default -> "UNKNOWN";
        };
    }
}
