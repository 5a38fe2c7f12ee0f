package io.kemu.vfs.workload;

import java.util.EnumSet;
import java.util.Set;

/** The journaled VOP each workload operation exercises (fsync included, though it writes nothing). */
public enum OpKind {
    SETATTR,
    WRITE,
    FSYNC,
    PUTPAGES,
    SETACL,
    SETEXTATTR,
    CREATE,
    MKNOD,
    LINK,
    SYMLINK,
    WHITEOUT,
    REMOVE,
    MKDIR,
    RMDIR,
    RENAME;

    /** What DragonFly's jscan can mirror: create, write, mkdir, rmdir, remove, rename, link, symlink, setattr. */
    public static final Set<OpKind> PORTABLE =
            EnumSet.of(CREATE, WRITE, MKDIR, RMDIR, REMOVE, RENAME, LINK, SYMLINK, SETATTR);

    public boolean isPortable() {
        return PORTABLE.contains(this);
    }
}
