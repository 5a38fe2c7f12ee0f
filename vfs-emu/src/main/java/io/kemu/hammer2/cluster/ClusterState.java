package io.kemu.hammer2.cluster;

import java.util.List;
import java.util.Set;

/**
 * An immutable picture of a cluster's resolved state, as the conformance vectors report it: the
 * focus slot (-1 when there is no focus), the error, the ddflag, the cluster flags and each
 * slot's item flags.
 */
public record ClusterState(int focusIndex, int error, boolean ddflag, Set<ClusterFlag> flags,
                           List<Set<ItemFlag>> items) {
    public ClusterState {
        flags = Set.copyOf(flags);
        items = items.stream().map(Set::copyOf).toList();
    }
}
