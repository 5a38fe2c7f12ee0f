package io.kemu.vfs;

/** The {@code a_flags} of {@code VOP_NWHITEOUT}: which whiteout operation is asked for. */
public enum WhiteoutOp {
    /** {@code NAMEI_LOOKUP}: does the filesystem support whiteouts (changes nothing). */
    LOOKUP,
    /** {@code NAMEI_CREATE}: make the name a whiteout ({@code mknod(S_IFWHT)}). */
    CREATE,
    /** {@code NAMEI_DELETE}: remove a whiteout ({@code undelete(2)}). */
    DELETE
}
