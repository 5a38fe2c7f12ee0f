package io.kemu.hammer2.chain;

/**
 * The chain flags ({@code HAMMER2_CHAIN_*}) the cluster code sets, clears or tests.
 */
public enum ChainFlag {
    /** Modified in the current transaction, data writable (hammer2_chain_modify() sets it). */
    MODIFIED,
    /** Deleted from its parent (hammer2_chain_delete()). */
    DELETED,
    /** The inode it represents was unlinked (hammer2_cluster_isunlinked() reports it). */
    UNLINKED,
    /** Flagged for the flusher (hammer2_chain_setflush()). */
    ONFLUSH,
    /** Marks a PFS boundary for the flusher. */
    PFSBOUNDARY
}
