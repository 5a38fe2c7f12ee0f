package io.kemu.hammer2.cluster;

import io.kemu.hammer2.chain.Chain;
import java.util.EnumSet;
import java.util.Set;

/**
 * One slot of a cluster ({@code hammer2_cluster_item_t}): the chain this node contributes (or
 * null) and the item flags FEMOD and INVALID. The kernel's per-item {@code cache_index} is a
 * lookup hint for its RB trees and has no counterpart here.
 */
public final class ClusterItem {
    private Chain chain;
    private final EnumSet<ItemFlag> flags = EnumSet.noneOf(ItemFlag.class);

    public Chain chain() {
        return chain;
    }

    public void setChain(Chain newChain) {
        this.chain = newChain;
    }

    public boolean has(ItemFlag flag) {
        return flags.contains(flag);
    }

    public void set(ItemFlag flag) {
        flags.add(flag);
    }

    public void clear(ItemFlag flag) {
        flags.remove(flag);
    }

    /** A copy of the flags. */
    public Set<ItemFlag> flags() {
        return flags.isEmpty() ? EnumSet.noneOf(ItemFlag.class) : EnumSet.copyOf(flags);
    }

    /** {@code item.flags = other.flags}, as hammer2_cluster_lookup() copies the parent's. */
    public void copyFlagsFrom(ClusterItem other) {
        flags.clear();
        flags.addAll(other.flags);
    }
}
