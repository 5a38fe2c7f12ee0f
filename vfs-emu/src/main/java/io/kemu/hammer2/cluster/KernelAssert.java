package io.kemu.hammer2.cluster;

/**
 * The kernel assertions (KKASSERT/panic) of hammer2_cluster.c, as typed results. Where the kernel
 * would panic, kemu's operation returns {@link Outcome.Asserted} with one of these reasons and
 * the cluster involved must be discarded. The first three are the ones the conformance vectors
 * print ({@code result ASSERT REASON}).
 */
public enum KernelAssert {
    /** hammer2_cluster_resolve(): a second usable SOFT_MASTER. */
    DUP_SOFT_MASTER,
    /** hammer2_cluster_resolve(): a second usable SOFT_SLAVE with no soft master focused between. */
    DUP_SOFT_SLAVE,
    /** hammer2_cluster_resolve(): a usable SUPROOT chain in a slot other than 0. */
    SUPROOT_NOT_INDEX0,
    /** An operation that needs {@code cluster->refs > 0} on an unreferenced cluster. */
    NO_REFS,
    /** hammer2_cluster_lock() on a locked cluster (the kernel panics "already locked"). */
    ALREADY_LOCKED,
    /** An operation that needs a locked cluster on an unlocked one. */
    NOT_LOCKED,
    /** hammer2_cluster_lock() on the inode-embedded cluster template. */
    INODE_TEMPLATE,
    /** hammer2_cluster_lock() with a focus left over. */
    FOCUS_NOT_CLEARED,
    /** An operation dereferencing the focus of a cluster that has none. */
    NO_FOCUS,
    /** hammer2_cluster_wdata()/modsync()/setmethod_check() on chains not MODIFIED. */
    NOT_MODIFIED,
    /** hammer2_cluster_modsync(): a FEMOD chain whose size or type differs from the focus. */
    MODSYNC_MISMATCH,
    /** hammer2_cluster_modsync(): freemap or volume chain ("illegal node type"). */
    MODSYNC_ILLEGAL_TYPE,
    /** hammer2_cluster_modsync(): a type it has no copy rule for ("unknown node type"). */
    MODSYNC_UNKNOWN_TYPE,
    /** hammer2_cluster_create(): hammer2_chain_create() returned an error. */
    CREATE_FAILED,
    /** hammer2_cluster_rename(): the item's chain was replaced during the rename. */
    RENAME_REPLACED_CHAIN,
    /** hammer2_cluster_next_single_chain() asked to advance the focus. */
    NEXT_SINGLE_ON_FOCUS,
    /** hammer2_cluster_resize(): parent and child clusters of different PFSs or sizes. */
    RESIZE_MISMATCH,
    /** hammer2_cluster_resize(): a FEMOD chain whose parent item has no chain. */
    RESIZE_NO_PARENT,
    /** hammer2_cluster_snapshot(): the originating cluster is not a single chain. */
    SNAPSHOT_NOT_SINGLE
}
