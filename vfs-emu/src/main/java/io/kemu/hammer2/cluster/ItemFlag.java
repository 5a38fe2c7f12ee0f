package io.kemu.hammer2.cluster;

/** Cluster item flags ({@code HAMMER2_CITEM_*}). */
public enum ItemFlag {
    /** Not part of the synchronized set: cannot be the focus. */
    INVALID,
    /** Front-end modifying operations act on this slot (a quorum master, a soft master, SUPROOT). */
    FEMOD
}
