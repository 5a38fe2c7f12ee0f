package io.kemu.hammer2.chain;

/**
 * A blockref's type ({@code bref.type}), with the kernel's numeric codes from {@code hammer2_disk.h}
 * ({@code HAMMER2_BREF_TYPE_*}).
 *
 * <p>The cluster code only ever compares types, except that {@link #INODE} sets a cluster's ddflag
 * and that modsync refuses the freemap and volume types.
 */
public enum BrefType {
    EMPTY(0),
    INODE(1),
    INDIRECT(2),
    DATA(3),
    FREEMAP_NODE(5),
    FREEMAP_LEAF(6),
    FREEMAP(254),
    VOLUME(255);

    private final int code;

    BrefType(int code) {
        this.code = code;
    }

    /** The on-media type byte. */
    public int code() {
        return code;
    }

    /** True for the types that hammer2_cluster_modsync() panics on as "illegal node type". */
    public boolean isFreemapOrVolume() {
        return this == FREEMAP_NODE || this == FREEMAP_LEAF || this == FREEMAP || this == VOLUME;
    }
}
