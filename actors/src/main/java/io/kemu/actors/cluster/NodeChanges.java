package io.kemu.actors.cluster;

import io.kemu.hammer2.replica.ChainWrite;
import io.kemu.hammer2.replica.NodeStore;
import java.util.List;

/**
 * The changes one node makes to its {@link NodeStore}, each persisted on its {@link NodeDisk}
 * before the node may answer, and the undo record of the last apply (the kernel keeps the chain's
 * previous state until the cluster operation commits or backs out).
 *
 * <p>Invariant: the undo record belongs to operation {@code undoOp}; any later change (a sync, an
 * install, a revert) clears both, so a late revert never clobbers newer state. Plain and
 * single-threaded: only the node's {@link ChainNodeActor} calls it (and, with
 * {@link ChainNodeActor#ACK_BEFORE_STORE} on, its late-store child, the bug that test plants).
 */
final class NodeChanges {
    private final NodeStore store;
    private final NodeDisk disk;
    private long undoOp = -1;
    private NodeStore.Undo undo;

    NodeChanges(NodeStore store, NodeDisk disk) {
        this.store = store;
        this.disk = disk;
    }

    /** Applies {@code writes} as operation {@code opId}, keeping their undo record, and persists them. */
    void apply(long opId, List<ChainWrite> writes) {
        undo = store.apply(writes);
        undoOp = opId;
        disk.persist(writes);
    }

    /** The planted bug: operation {@code opId} is acknowledged now; {@link #storeLate} stores it later. */
    void acknowledgeBeforeStore(long opId) {
        undoOp = opId;
    }

    /** Stores an apply acknowledged earlier ({@link #acknowledgeBeforeStore}) and persists it. */
    void storeLate(List<ChainWrite> writes) {
        undo = store.apply(writes);
        disk.persist(writes);
    }

    /** Undoes the last apply, only if it was operation {@code opId} and is still the last change. */
    void revert(long opId) {
        if (opId == undoOp) {
            store.revert(undo);
            disk.persist(undo.restore());
            forgetUndo();
        }
    }

    /** Installs {@code writes} (a sync from the quorum or a resync) and persists them; forgets the undo record. */
    void install(List<ChainWrite> writes) {
        forgetUndo();
        store.install(writes);
        disk.persist(writes);
    }

    private void forgetUndo() {
        undo = null;
        undoOp = -1;
    }
}
