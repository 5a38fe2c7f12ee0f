package io.kemu.actors.cluster;

import io.kemu.hammer2.replica.ReadVerdict;
import io.kemu.hammer2.replica.WriteVerdict;
import java.util.Set;
import java.util.TreeSet;

/**
 * The client's {@link ClusterResult} for each verdict of {@link io.kemu.hammer2.replica.QuorumPlanner}
 * (the kernel's cluster resolution, in {@code vfs-emu}): a pure translation, no decision is made
 * here. Used by {@link ClusterOperation} when it answers the client.
 */
final class ClusterResults {

    private ClusterResults() {
    }

    /** A read's answer: the quorum's image, not found, or refused (no quorum). */
    static ClusterResult ofRead(long key, ReadVerdict verdict) {
        if (verdict instanceof ReadVerdict.Found found) {
            return new ClusterResult.Found(key, found.image().modifyTid(), found.image().data());
        }
        if (verdict instanceof ReadVerdict.NotFound) {
            return new ClusterResult.NotFound(key);
        }
        return new ClusterResult.Refused(((ReadVerdict.Refused) verdict).reason());
    }

    /** A write that was not planned: refused (no quorum) or rejected (it makes no sense for the element). */
    static ClusterResult ofUnplanned(WriteVerdict verdict) {
        return verdict instanceof WriteVerdict.Refused refused
                ? new ClusterResult.Refused(refused.reason())
                : new ClusterResult.Rejected(((WriteVerdict.Rejected) verdict).reason());
    }

    /** A planned write of element {@code key} that only the nodes {@code acked} applied in time: too few. */
    static ClusterResult.Failed lostQuorum(long key, WriteVerdict.Planned plan, Set<Integer> acked) {
        return new ClusterResult.Failed(key, plan.tid(), "write of element 0x" + Long.toHexString(key)
                + " lost its quorum: " + acked.size() + " of the " + plan.requiredAcks()
                + " acknowledgements needed arrived in time (from nodes " + new TreeSet<>(acked)
                + "); reverted on nodes " + new TreeSet<>(plan.writes().keySet()));
    }
}
