package io.kemu.hammer2.replica;

import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.cluster.Cluster;
import io.kemu.hammer2.cluster.ClusterLocking;
import io.kemu.hammer2.cluster.Outcome;
import io.kemu.hammer2.cluster.Pfs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Brings a stale node back to the quorum - the work the kernel leaves to its synchronization
 * thread. First the PFS root: a cluster of the sources' roots (the stale node's slot empty) is
 * resolved with {@link ClusterLocking#resolve}; the focus of the readable result is the quorum's
 * root. Only sources whose root carries that root's modify_tid are synchronised at the PFS level
 * (creates and deletes modify the root); their copies decide every key, resolved the same way.
 * A key none of them holds is removed from the stale node; any other difference is put.
 *
 * <p>Refuses (and changes nothing) when the root or a key has no read quorum: a node is never
 * "synchronised" to a state without quorum, and since resolution only accepts a quorum at the
 * highest tid, an older copy can never overrule an acknowledged write.
 */
public final class ResyncPlanner {

    /** The outcome of planning a resynchronisation. */
    public sealed interface Verdict {
        /** The changes that bring the target to the quorum (possibly none). */
        record Plan(List<ChainWrite> writes) implements Verdict {
            public Plan {
                writes = List.copyOf(writes);
            }
        }

        /** No quorum to synchronise from. */
        record Refused(String reason) implements Verdict {
        }
    }

    private final Pfs pfs;

    public ResyncPlanner(Pfs pfs) {
        this.pfs = Objects.requireNonNull(pfs, "pfs");
    }

    /**
     * @param sources the dumps ({@link NodeStore#dump()}: root first) of the up-to-date nodes
     * @param target  the stale node
     * @param stale   the stale node's own dump
     */
    public Verdict plan(Map<Integer, List<ChainImage>> sources, int target, List<ChainImage> stale) {
        if (sources.containsKey(target)) {
            throw new IllegalArgumentException("node " + target + " cannot be its own source");
        }
        Map<Integer, ChainImage> roots = new HashMap<>();
        sources.forEach((node, dump) -> roots.put(node, dump.get(0)));
        ChainImage root = quorumImage(roots);
        if (root == null) {
            return new Verdict.Refused("no quorum on the PFS root among nodes " + new TreeSet<>(sources.keySet()));
        }
        Map<Integer, Map<Long, ChainImage>> byKey = new HashMap<>();
        TreeSet<Long> keys = new TreeSet<>(Long::compareUnsigned);
        sources.forEach((node, dump) -> {
            if (dump.get(0).modifyTid() == root.modifyTid()) {
                byKey.put(node, children(dump, keys));
            }
        });
        Map<Long, ChainImage> mine = children(stale, keys);

        List<ChainWrite> writes = new ArrayList<>();
        if (!root.equals(stale.get(0))) {
            writes.add(new ChainWrite.PutRoot(root));
        }
        for (long key : keys) {
            Map<Integer, ChainImage> copies = new HashMap<>();
            byKey.forEach((node, children) -> {
                if (children.containsKey(key)) {
                    copies.put(node, children.get(key));
                }
            });
            if (copies.isEmpty()) {
                if (mine.containsKey(key)) {
                    writes.add(new ChainWrite.Remove(key));
                }
                continue;
            }
            ChainImage image = quorumImage(copies);
            if (image == null) {
                return new Verdict.Refused("no quorum on element " + QuorumPlanner.hex(key) + " among nodes "
                        + new TreeSet<>(copies.keySet()));
            }
            if (!image.equals(mine.get(key))) {
                writes.add(new ChainWrite.Put(image));
            }
        }
        return new Verdict.Plan(writes);
    }

    private static Map<Long, ChainImage> children(List<ChainImage> dump, TreeSet<Long> keys) {
        Map<Long, ChainImage> out = new HashMap<>();
        for (ChainImage image : dump.subList(1, dump.size())) {
            out.put(image.key(), image);
            keys.add(image.key());
        }
        return out;
    }

    /** The focus image of the resolved cluster of {@code copies}, or null when it is not readable. */
    private ChainImage quorumImage(Map<Integer, ChainImage> copies) {
        Cluster cluster = new Cluster(pfs);
        cluster.setNchains(pfs.slots());
        copies.forEach((node, image) -> cluster.item(node).setChain(image.toChain(node)));
        Outcome<Cluster> resolved = ClusterLocking.resolve(cluster);
        if (!resolved.isDone() || !Mirror.readable(cluster)) {
            return null;
        }
        Chain focus = cluster.focus();
        return ChainImage.of(focus);
    }
}
