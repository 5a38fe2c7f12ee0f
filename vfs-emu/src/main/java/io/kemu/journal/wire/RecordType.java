package io.kemu.journal.wire;

/**
 * Sub-record types ({@code JTYPE_*}, {@code JLEAF_*} and the {@code JMASK_*} bits of
 * {@code sys/journal.h}). Transaction types carry {@link #NESTED}; leaves do not.
 */
public final class RecordType {
    /** JMASK_NESTED: the payload is more sub-records. */
    public static final int NESTED = 0x8000;
    /** JMASK_LAST: the last sub-record of its enclosing record. */
    public static final int LAST = 0x4000;
    /** The type without the NESTED and LAST bits. */
    public static final int SUBTYPE_MASK = 0x3FFF;

    public static final int PAD = 0x0000;
    public static final int ABORT = 0x0001;
    public static final int ASSOCIATE = 0x0002;
    public static final int DISASSOCIATE = 0x0003;

    public static final int UNDO = 0x8004;
    public static final int AUDIT = 0x8005;
    public static final int REDO = 0x8006;
    public static final int SETATTR = 0x8010;
    public static final int WRITE = 0x8011;
    public static final int PUTPAGES = 0x8012;
    public static final int SETACL = 0x8013;
    public static final int SETEXTATTR = 0x8014;
    public static final int CREATE = 0x8015;
    public static final int MKNOD = 0x8016;
    public static final int LINK = 0x8017;
    public static final int SYMLINK = 0x8018;
    public static final int WHITEOUT = 0x8019;
    public static final int REMOVE = 0x801A;
    public static final int MKDIR = 0x801B;
    public static final int RMDIR = 0x801C;
    public static final int RENAME = 0x801D;
    public static final int VATTR = 0x8100;
    public static final int CRED = 0x8101;

    public static final int FILEDATA = 0x0401;
    public static final int PATH1 = 0x0402;
    public static final int PATH2 = 0x0403;
    public static final int PATH3 = 0x0404;
    public static final int PATH4 = 0x0405;
    public static final int UID = 0x0406;
    public static final int GID = 0x0407;
    public static final int MODES = 0x0408;
    public static final int FFLAGS = 0x0409;
    public static final int PID = 0x040A;
    public static final int PPID = 0x040B;
    public static final int COMM = 0x040C;
    public static final int ATTRNAME = 0x040D;
    public static final int PATH_REF = 0x040E;
    public static final int SYMLINKDATA = 0x0410;
    public static final int SEEKPOS = 0x0411;
    public static final int INUM = 0x0412;
    public static final int NLINK = 0x0413;
    public static final int FSID = 0x0414;
    public static final int SIZE = 0x0415;
    public static final int ATIME = 0x0416;
    public static final int MTIME = 0x0417;
    public static final int CTIME = 0x0418;
    public static final int GEN = 0x0419;
    public static final int FLAGS = 0x041A;
    public static final int UDEV = 0x041B;
    public static final int FILEREV = 0x041C;
    public static final int VTYPE = 0x041D;
    public static final int ERROR = 0x041E;
    public static final int UMAJOR = 0x041F;
    public static final int UMINOR = 0x0420;

    private RecordType() {
    }

    public static boolean isNested(int rectype) {
        return (rectype & NESTED) != 0;
    }

    public static boolean isLast(int rectype) {
        return (rectype & LAST) != 0;
    }

    /** rectype with the LAST bit cleared (NESTED kept): the value to compare with the constants. */
    public static int base(int rectype) {
        return rectype & ~LAST;
    }
}
