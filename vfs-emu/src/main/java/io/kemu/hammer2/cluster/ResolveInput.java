package io.kemu.hammer2.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything hammer2_cluster_resolve() reads, as values: the configured master count, one
 * {@link Slot} per used cluster slot, the slot of the current focus (-1 for none) and the cluster
 * flags already set.
 */
public record ResolveInput(int nmasters, List<Slot> slots, int focusIndex, Set<ClusterFlag> flags) {

    /**
     * One slot: its PFS type, whether it holds a chain, and that chain's modify_tid (unsigned),
     * error and the item's INVALID flag. Values of an empty slot are ignored.
     */
    public record Slot(PfsType type, boolean present, long modifyTid, int error, boolean invalid) {
        public Slot {
            Objects.requireNonNull(type, "type");
        }

        public static Slot empty(PfsType type) {
            return new Slot(type, false, 0L, 0, false);
        }
    }

    public ResolveInput {
        slots = List.copyOf(slots);
        flags = Set.copyOf(flags);
        if (slots.size() > Cluster.MAX_CLUSTER) {
            throw new IllegalArgumentException(slots.size() + " slots, at most " + Cluster.MAX_CLUSTER);
        }
        if (focusIndex < -1 || focusIndex >= slots.size() || (focusIndex >= 0 && !slots.get(focusIndex).present())) {
            throw new IllegalArgumentException("focus " + focusIndex + " is not a slot holding a chain");
        }
    }

    /** The input of resolving {@code cluster} as it stands. */
    public static ResolveInput of(Cluster cluster) {
        Slot[] slots = new Slot[cluster.nchains()];
        int focusIndex = -1;
        for (int i = 0; i < slots.length; i++) {
            var chain = cluster.chain(i);
            PfsType type = cluster.pfs().type(i);
            slots[i] = chain == null
                    ? Slot.empty(type)
                    : new Slot(type, true, chain.bref().modifyTid(), chain.error(),
                            cluster.item(i).has(ItemFlag.INVALID));
            if (chain != null && chain == cluster.focus()) {
                focusIndex = i;
            }
        }
        return new ResolveInput(cluster.pfs().nmasters(), List.of(slots), focusIndex, cluster.flags());
    }
}
