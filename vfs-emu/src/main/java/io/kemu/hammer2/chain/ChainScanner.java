package io.kemu.hammer2.chain;

import java.util.Set;

/**
 * The per-node scan functions of {@code hammer2_chain.c} that hammer2_cluster_lookup() and
 * hammer2_cluster_next() call for each slot. Implementations: {@link NodeChains} (real per-node
 * topologies) and the conformance replayer's scripted scanner (the chains a vector names).
 */
public interface ChainScanner {

    /** Mirrors hammer2_chain_lookup(): the first child of {@code parent} overlapping the range. */
    ChainLookup lookup(Chain parent, long keyBeg, long keyEnd, Set<LookupFlag> flags);

    /**
     * Mirrors hammer2_chain_next(): the child after {@code prev} in the range. {@code prev} is
     * released (unlocked unless NOLOCK, dropped) whatever the result.
     */
    ChainLookup next(Chain parent, Chain prev, long keyBeg, long keyEnd, Set<LookupFlag> flags);
}
