package io.kemu.actors.cluster;

import java.util.Objects;

/**
 * What the cluster answers a client's read or write. {@link Refused} means the cluster could not
 * take the operation (no quorum) and nothing changed; {@link Failed} means the quorum was lost while
 * a write was being applied and it was reverted (its outcome is indeterminate, as a timed-out write
 * is in any replicated store); {@link Rejected} means the write made no sense for the element
 * (exists, missing, bad size).
 */
public sealed interface ClusterResult extends CoordinatorMessage {

    /** A read through a quorum: the element's modify_tid and data. */
    record Found(long key, long tid, byte[] data) implements ClusterResult {
        public Found {
            data = Objects.requireNonNull(data, "data").clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    record NotFound(long key) implements ClusterResult {}

    /** The write reached the quorum it needed, in transaction {@code tid}. */
    record Acknowledged(long key, long tid) implements ClusterResult {}

    record Refused(String reason) implements ClusterResult {}

    record Rejected(String reason) implements ClusterResult {}

    /**
     * The write of transaction {@code tid} lost its quorum while being applied; it was reverted
     * where it had been applied (a node that crashed meanwhile keeps its copy until resynchronised).
     */
    record Failed(long key, long tid, String reason) implements ClusterResult {}
}
