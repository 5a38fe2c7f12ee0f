package io.kemu.hammer2.replica;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainLookup;
import io.kemu.hammer2.chain.ChainTopology;
import io.kemu.hammer2.chain.InodeDataDescriptor;
import io.kemu.hammer2.chain.LookupFlag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One node's stored chains - its "disk": a {@link ChainTopology} whose root is the PFS root inode
 * and whose children are the elements under it. It survives the node actor's crash and restart;
 * what does not survive (pending undo records) lives in the actor.
 *
 * <p>Invariants: the root is always present; {@link #apply} followed by {@link #revert} with its
 * undo record restores the exact previous images; images returned are copies.
 *
 * <p>Not thread-safe: owned by one actor at a time (a restarted actor takes over the store only
 * after the crashed one has stopped).
 */
public final class NodeStore {
    /** The modify_tid of every root when the cluster is created (newfs). */
    public static final long INITIAL_TID = 1L;

    private final int node;
    private final ChainTopology topology;

    public NodeStore(int node) {
        this.node = node;
        this.topology = new ChainTopology(node,
                new Blockref(BrefType.INODE, 0L, Blockref.MAX_KEYBITS, INITIAL_TID, Blockref.FLAG_PFSROOT, 0),
                InodeDataDescriptor.INODE_BYTES);
    }

    public int node() {
        return node;
    }

    /** The root and the child at {@code key}, as hammer2_chain_lookup() over [key, key] finds it. */
    public FetchReply fetch(long key) {
        ChainLookup found = topology.lookup(topology.root(), key, key, Set.of(LookupFlag.NOLOCK));
        ChainImage child = null;
        if (found.chain() != null) {
            child = ChainImage.of(found.chain());
            found.chain().drop();
        }
        return new FetchReply(ChainImage.of(topology.root()), child);
    }

    /** The root image followed by every child's image in key order. */
    public List<ChainImage> dump() {
        List<ChainImage> images = new ArrayList<>();
        images.add(ChainImage.of(topology.root()));
        for (Chain child : topology.childrenOf(topology.root())) {
            images.add(ChainImage.of(child));
        }
        return images;
    }

    /** How to take back one {@link #apply}: the prior state of everything it touched. */
    public record Undo(List<ChainWrite> restore) {
        public Undo {
            restore = List.copyOf(restore);
        }
    }

    /** Installs {@code writes} and returns what undoes them. */
    public Undo apply(List<ChainWrite> writes) {
        List<ChainWrite> restore = new ArrayList<>();
        for (ChainWrite write : writes) {
            restore.add(priorOf(write));
        }
        install(writes);
        Collections.reverse(restore);
        return new Undo(restore);
    }

    /** Restores the state before the {@link #apply} that returned {@code undo}. */
    public void revert(Undo undo) {
        install(undo.restore());
    }

    /** Installs {@code writes} in order, without keeping anything to undo them. */
    public void install(List<ChainWrite> writes) {
        for (ChainWrite write : writes) {
            if (write instanceof ChainWrite.PutRoot put) {
                overwrite(topology.root(), put.image());
            } else if (write instanceof ChainWrite.Put put) {
                Chain existing = topology.childAt(topology.root(), put.image().key());
                if (existing != null) {
                    overwrite(existing, put.image());
                } else {
                    topology.attach(topology.root(), put.image().toChain(node));
                }
            } else {
                Chain existing = topology.childAt(topology.root(), ((ChainWrite.Remove) write).key());
                if (existing != null) {
                    topology.detach(existing);
                }
            }
        }
    }

    private ChainWrite priorOf(ChainWrite write) {
        if (write instanceof ChainWrite.PutRoot) {
            return new ChainWrite.PutRoot(ChainImage.of(topology.root()));
        }
        if (write instanceof ChainWrite.Put put) {
            return priorChild(put.image().key());
        }
        return priorChild(((ChainWrite.Remove) write).key());
    }

    private ChainWrite priorChild(long key) {
        Chain existing = topology.childAt(topology.root(), key);
        return existing == null ? new ChainWrite.Remove(key) : new ChainWrite.Put(ChainImage.of(existing));
    }

    private static void overwrite(Chain chain, ChainImage image) {
        Objects.requireNonNull(image, "image");
        chain.setBref(image.bref());
        chain.setData(image.data(), image.bytes());
    }
}
