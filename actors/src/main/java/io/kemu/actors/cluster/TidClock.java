package io.kemu.actors.cluster;

import io.kemu.hammer2.replica.NodeStore;

/**
 * The coordinator's transaction ids, the {@code modify_tid}s its writes stamp. They only grow: each
 * write takes the next one, and a tid observed on a node (the highest {@code modify_tid} of a resync's
 * dumps) raises the clock past it. A new coordinator incarnation starts from
 * {@link NodeStore#INITIAL_TID} and knows nothing; its first successful resync needs a quorum of
 * masters, which shares a master with every acknowledged write, so it learns a tid at least as
 * high as any acknowledged one before it serves a write. Compared unsigned, as the kernel does.
 * Plain and single-threaded: only {@link ClusterCoordinator} calls it.
 */
final class TidClock {
    private long last = NodeStore.INITIAL_TID;

    /** The tid of the last write (reads run at it). */
    long last() {
        return last;
    }

    /** The tid of a new write. */
    long next() {
        return ++last;
    }

    /** A node holds {@code tid}: later writes take higher ones. */
    void observe(long tid) {
        if (Long.compareUnsigned(tid, last) > 0) {
            last = tid;
        }
    }
}
