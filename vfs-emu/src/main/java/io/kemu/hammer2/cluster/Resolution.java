package io.kemu.hammer2.cluster;

import java.util.Set;

/**
 * What hammer2_cluster_resolve() decides: the focus slot (-1 when the cluster has none), the
 * cluster error, the complete new flag set and which slots get FEMOD (bit i of
 * {@code femodSlots}; every other slot loses it).
 */
public record Resolution(int focusIndex, int error, Set<ClusterFlag> flags, int femodSlots) {
    public Resolution {
        flags = Set.copyOf(flags);
    }

    public boolean isFemod(int slot) {
        return (femodSlots & (1 << slot)) != 0;
    }
}
