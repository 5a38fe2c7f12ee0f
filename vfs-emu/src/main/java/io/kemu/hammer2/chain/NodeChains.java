package io.kemu.hammer2.chain;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The chain functions of a single-process cluster: one {@link ChainTopology} per node, each call
 * dispatched to the topology of the chain's node. This is the kernel's short-cut for local
 * filesystems ("single-node filesystems do not use threads and will simply call hammer2_chain.c
 * functions directly"); the actors module replaces it with one actor per node.
 */
public final class NodeChains implements ChainScanner, ChainMutator, ChainReader {
    private final List<ChainTopology> topologies;

    /** {@code topologies.get(i)} must be node i's topology. */
    public NodeChains(List<ChainTopology> topologies) {
        for (int i = 0; i < topologies.size(); i++) {
            if (topologies.get(i).node() != i) {
                throw new IllegalArgumentException("topology " + i + " belongs to node " + topologies.get(i).node());
            }
        }
        this.topologies = List.copyOf(topologies);
    }

    public ChainTopology node(int index) {
        return topologies.get(index);
    }

    public int size() {
        return topologies.size();
    }

    private ChainTopology of(Chain chain) {
        return topologies.get(chain.node());
    }

    @Override
    public ChainLookup lookup(Chain parent, long keyBeg, long keyEnd, Set<LookupFlag> flags) {
        return of(parent).lookup(parent, keyBeg, keyEnd, flags);
    }

    @Override
    public ChainLookup next(Chain parent, Chain prev, long keyBeg, long keyEnd, Set<LookupFlag> flags) {
        return of(parent).next(parent, prev, keyBeg, keyEnd, flags);
    }

    @Override
    public Created create(Chain parent, Chain existing, long tid, long key, int keybits, BrefType type, int bytes) {
        return of(parent).create(parent, existing, tid, key, keybits, type, bytes);
    }

    @Override
    public void modify(Chain chain, long tid) {
        of(chain).modify(chain, tid);
    }

    @Override
    public void delete(Chain parent, Chain chain, long tid) {
        of(chain).delete(parent, chain, tid);
    }

    @Override
    public void rename(Blockref bref, Chain newParent, Chain chain, long tid) {
        of(chain).rename(bref, newParent, chain, tid);
    }

    @Override
    public void resize(Chain parent, Chain chain, int nradix, long tid) {
        of(chain).resize(parent, chain, nradix, tid);
    }

    @Override
    public void setflush(Chain chain) {
        of(chain).setflush(chain);
    }

    @Override
    public void flush(Chain chain) {
        of(chain).flush(chain);
    }

    /** The media read of an in-memory node: the chain's data, or a failure for an errored chain. */
    @Override
    public CompletionStage<byte[]> read(Chain chain) {
        if (chain.error() != 0) {
            return CompletableFuture.failedFuture(new ChainReadException(chain));
        }
        byte[] data = chain.data() == null ? new byte[chain.bytes()] : chain.data().clone();
        return CompletableFuture.completedFuture(data);
    }

    /** A read that failed because the chain is errored. */
    public static final class ChainReadException extends Exception {
        private static final long serialVersionUID = 1L;

        public ChainReadException(Chain chain) {
            super("read of " + chain + " failed: error " + ChainError.describe(chain.error()));
        }
    }
}
