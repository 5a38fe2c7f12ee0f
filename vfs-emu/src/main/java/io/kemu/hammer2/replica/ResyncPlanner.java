package io.kemu.hammer2.replica;

import io.kemu.hammer2.cluster.Pfs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Brings a stale node back to the quorum - the work the kernel leaves to its synchronization
 * thread. First the PFS root: the roots of the sources and of the stale node itself are resolved
 * as a cluster ({@link QuorumVersion}); the focus of the readable result is the quorum's root.
 * Only copies whose root carries that root's modify_tid are synchronised at the PFS level (creates
 * and deletes modify the root); they decide every key, resolved the same way. A key none of them
 * holds is removed from the stale node; any other difference is put. The stale node's own copy
 * votes too: two stale masters holding the same newer state are a quorum.
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
        Map<Integer, List<ChainImage>> voters = new HashMap<>(sources);
        voters.put(target, stale);
        Map<Integer, ChainImage> roots = new HashMap<>();
        voters.forEach((node, dump) -> roots.put(node, dump.get(0)));
        ChainImage root = QuorumVersion.of(pfs, roots);
        if (root == null) {
            return new Verdict.Refused("no quorum on the PFS root among nodes " + new TreeSet<>(voters.keySet()));
        }
        Map<Integer, Map<Long, ChainImage>> byKey = new HashMap<>();
        TreeSet<Long> keys = new TreeSet<>(Long::compareUnsigned);
        voters.forEach((node, dump) -> {
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
            ChainImage image = QuorumVersion.of(pfs, copies);
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
}
