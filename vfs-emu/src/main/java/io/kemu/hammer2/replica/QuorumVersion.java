package io.kemu.hammer2.replica;

import io.kemu.hammer2.cluster.Cluster;
import io.kemu.hammer2.cluster.ClusterLocking;
import io.kemu.hammer2.cluster.Outcome;
import io.kemu.hammer2.cluster.Pfs;
import java.util.Map;

/**
 * The quorum's version of one element among several nodes' copies: the copies become a cluster
 * (nodes without a copy leave their slot empty), hammer2_cluster_resolve() runs on it, and the
 * focus of a readable result (RDHARD or RDSOFT, no error) is the version. Because resolution only
 * counts masters at the highest tid, an older copy never wins over a newer quorum.
 */
final class QuorumVersion {

    private QuorumVersion() {
    }

    /** The quorum's version, or null when the copies hold no read quorum. */
    static ChainImage of(Pfs pfs, Map<Integer, ChainImage> copies) {
        Cluster cluster = new Cluster(pfs);
        cluster.setNchains(pfs.slots());
        copies.forEach((node, image) -> cluster.item(node).setChain(image.toChain(node)));
        Outcome<Cluster> resolved = ClusterLocking.resolve(cluster);
        if (!resolved.isDone() || !Mirror.readable(cluster)) {
            return null;
        }
        return ChainImage.of(cluster.focus());
    }
}
