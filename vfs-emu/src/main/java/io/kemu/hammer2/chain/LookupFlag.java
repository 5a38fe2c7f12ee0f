package io.kemu.hammer2.chain;

/** The {@code HAMMER2_LOOKUP_*} flags the cluster lookup functions pass through. */
public enum LookupFlag {
    /** Return chains unlocked; the new cluster is not flagged LOCKED. */
    NOLOCK,
    /** Lock shared instead of exclusive (kemu's chains are single-threaded: informational). */
    SHARED,
    /** Do not resolve the data of the returned chains. */
    NODATA
}
