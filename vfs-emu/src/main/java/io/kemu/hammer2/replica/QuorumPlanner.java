package io.kemu.hammer2.replica;

import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.cluster.Cluster;
import io.kemu.hammer2.cluster.ClusterIo;
import io.kemu.hammer2.cluster.ClusterModify;
import io.kemu.hammer2.cluster.ClusterScan;
import io.kemu.hammer2.cluster.ItemFlag;
import io.kemu.hammer2.cluster.Outcome;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.cluster.PfsType;
import io.kemu.hammer2.cluster.ScanStep;
import io.kemu.hammer2.cluster.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides reads and writes of one element from what the nodes answered, with the kernel's own
 * cluster functions: the answers become a {@link Mirror}, the root cluster is locked (resolved),
 * the element is found with hammer2_cluster_lookup(), and a write runs
 * hammer2_cluster_create()/modify()/delete() plus wdata and modsync on the copies. The nodes whose
 * copies changed are exactly the FEMOD nodes; their changes are the plan.
 *
 * <p>Reads need RDHARD or RDSOFT (and a usable focus) on the root and on the element; writes need
 * WRHARD or WRSOFT on both. A refused or rejected verdict changes nothing anywhere.
 *
 * <p>Pure and deterministic: the verdict depends only on the PFS, the tid and the views in node
 * order - never on the order the answers arrived in.
 */
public final class QuorumPlanner {
    private final Pfs pfs;

    public QuorumPlanner(Pfs pfs) {
        this.pfs = Objects.requireNonNull(pfs, "pfs");
    }

    public Pfs pfs() {
        return pfs;
    }

    public ReadVerdict read(long key, List<NodeView> views) {
        Outcome<Mirror> built = Mirror.of(pfs, views);
        if (built instanceof Outcome.Asserted<Mirror> asserted) {
            return new ReadVerdict.Refused("read refused: kernel assertion " + asserted.reason() + " resolving the root");
        }
        Mirror mirror = built.orElseThrow();
        if (!Mirror.readable(mirror.cparent)) {
            return new ReadVerdict.Refused("read refused: no quorum on the PFS root: " + mirror.describe(mirror.cparent));
        }
        Outcome<ScanStep> found = new ClusterScan(mirror.chains).lookup(mirror.cparent, key, key, key, Set.of());
        if (found instanceof Outcome.Asserted<ScanStep> asserted) {
            return new ReadVerdict.Refused("read refused: kernel assertion " + asserted.reason() + " in lookup");
        }
        ScanStep step = found.orElseThrow();
        if (!step.found()) {
            return new ReadVerdict.NotFound(key);
        }
        if (!Mirror.readable(step.cluster())) {
            return new ReadVerdict.Refused("read refused: no quorum on element " + hex(key) + ": "
                    + mirror.describe(step.cluster()));
        }
        return new ReadVerdict.Found(ChainImage.of(step.cluster().focus()), step.cluster().focusIndex());
    }

    /**
     * The answering nodes whose copies disagree with the quorum's version - of the PFS root, or of
     * the element at {@code key} among the nodes synchronised at the root. Such a node (a master
     * that kept a write the others reverted, a slave that missed a sync) would otherwise sit in
     * the cluster forever: lookup picks its focus by slot order and would invalidate the quorum.
     * Empty when there is no quorum to compare with.
     */
    public Set<Integer> outOfSync(long key, List<NodeView> views) {
        Map<Integer, FetchReply> answered = new HashMap<>();
        for (int i = 0; i < views.size(); i++) {
            if (views.get(i) instanceof NodeView.Answered a) {
                answered.put(i, a.reply());
            }
        }
        Map<Integer, ChainImage> roots = new HashMap<>();
        answered.forEach((node, reply) -> roots.put(node, reply.root()));
        ChainImage root = QuorumVersion.of(pfs, roots);
        if (root == null) {
            return Set.of();
        }
        Set<Integer> out = new TreeSet<>();
        Map<Integer, ChainImage> copies = new HashMap<>();
        answered.forEach((node, reply) -> {
            if (reply.root().modifyTid() != root.modifyTid()) {
                out.add(node);
            } else if (reply.child() != null) {
                copies.put(node, reply.child());
            }
        });
        ChainImage element = copies.isEmpty() ? null : QuorumVersion.of(pfs, copies);
        if (element != null) {
            answered.forEach((node, reply) -> {
                if (!out.contains(node) && !element.equals(reply.child())) {
                    out.add(node);
                }
            });
        }
        return out;
    }

    /** Plans {@code mutation} in transaction {@code tid}. */
    public WriteVerdict plan(Mutation mutation, long tid, List<NodeView> views) {
        if (mutation instanceof Mutation.Create create && Mutation.checkSize(create.data().length) != null) {
            return new WriteVerdict.Rejected(Mutation.checkSize(create.data().length));
        }
        if (mutation instanceof Mutation.Modify modify && Mutation.checkSize(modify.data().length) != null) {
            return new WriteVerdict.Rejected(Mutation.checkSize(modify.data().length));
        }
        Outcome<Mirror> built = Mirror.of(pfs, views);
        if (built instanceof Outcome.Asserted<Mirror> asserted) {
            return new WriteVerdict.Refused("write refused: kernel assertion " + asserted.reason() + " resolving the root");
        }
        Mirror mirror = built.orElseThrow();
        if (!Mirror.writable(mirror.cparent)) {
            return new WriteVerdict.Refused("write refused: no master quorum: " + mirror.describe(mirror.cparent));
        }
        long key = mutation.key();
        Outcome<ScanStep> found = new ClusterScan(mirror.chains).lookup(mirror.cparent, key, key, key, Set.of());
        if (found instanceof Outcome.Asserted<ScanStep> asserted) {
            return new WriteVerdict.Refused("write refused: kernel assertion " + asserted.reason() + " in lookup");
        }
        Cluster cluster = found.orElseThrow().cluster();
        Transaction trans = new Transaction(pfs, tid);
        ClusterModify modify = new ClusterModify(mirror.chains);
        Outcome<Cluster> applied;
        if (mutation instanceof Mutation.Create create) {
            if (cluster != null) {
                return Mirror.readable(cluster)
                        ? new WriteVerdict.Rejected("element " + hex(key) + " already exists")
                        : new WriteVerdict.Refused("write refused: element " + hex(key) + " exists without quorum: "
                                + mirror.describe(cluster));
            }
            applied = write(modify.create(trans, mirror.cparent, null, key, 0, BrefType.DATA, create.data().length),
                    create.data(), modify);
        } else {
            if (cluster == null) {
                return new WriteVerdict.Rejected("element " + hex(key) + " does not exist");
            }
            if (!Mirror.writable(cluster)) {
                return new WriteVerdict.Refused("write refused: no master quorum on element " + hex(key) + ": "
                        + mirror.describe(cluster));
            }
            if (mutation instanceof Mutation.Modify change) {
                applied = rewrite(trans, mirror, cluster, change.data(), modify);
            } else {
                modify.delete(trans, mirror.cparent, cluster);
                applied = Outcome.done(cluster);
            }
        }
        if (applied instanceof Outcome.Asserted<Cluster> asserted) {
            return new WriteVerdict.Refused("write refused: kernel assertion " + asserted.reason() + ": " + asserted.detail());
        }
        if (cluster != null && cluster.error() != 0) {
            return new WriteVerdict.Refused("write refused: the focus of element " + hex(key) + " errored: "
                    + mirror.describe(cluster));
        }
        return changes(mirror, applied.orElseThrow(), key, tid);
    }

    /**
     * hammer2_cluster_modify(), a resize when the size changes, then wdata + modsync. A focus that
     * errors while being modified leaves the cluster errored (the kernel keeps the errored focus),
     * which the caller refuses.
     */
    private static Outcome<Cluster> rewrite(Transaction trans, Mirror mirror, Cluster cluster, byte[] data,
                                            ClusterModify modify) {
        Outcome<Cluster> modified = modify.modify(trans, cluster);
        if (!modified.isDone() || cluster.error() != 0) {
            return modified;
        }
        if (cluster.focus().bytes() != data.length) {
            modified = modify.resize(trans, mirror.cparent, cluster, Integer.numberOfTrailingZeros(data.length));
        }
        return write(modified, data, modify);
    }

    /** wdata + modsync: the focus gets the data, the other FEMOD chains a copy. */
    private static Outcome<Cluster> write(Outcome<Cluster> target, byte[] data, ClusterModify modify) {
        if (!(target instanceof Outcome.Done<Cluster> done)) {
            return target;
        }
        Outcome<byte[]> wdata = ClusterIo.wdata(done.value());
        if (wdata instanceof Outcome.Asserted<byte[]> asserted) {
            return new Outcome.Asserted<>(asserted.reason(), asserted.detail());
        }
        System.arraycopy(data, 0, wdata.orElseThrow(), 0, data.length);
        return modify.modsync(done.value());
    }

    /** Compares each node's copy before and after: the FEMOD nodes' writes, and syncs for the rest. */
    private WriteVerdict changes(Mirror mirror, Cluster element, long key, long tid) {
        Map<Integer, List<ChainWrite>> writes = new HashMap<>();
        boolean soft = false;
        for (int i = 0; i < mirror.views.size(); i++) {
            if (!(mirror.views.get(i) instanceof NodeView.Answered answered)) {
                continue;
            }
            List<ChainWrite> node = diff(mirror, i, answered.reply(), key);
            if (!node.isEmpty()) {
                writes.put(i, node);
                PfsType type = pfs.type(i);
                soft |= type == PfsType.SOFT_MASTER || type == PfsType.SUPROOT;
                assert element.item(i).has(ItemFlag.FEMOD) || mirror.cparent.item(i).has(ItemFlag.FEMOD)
                        : "node " + i + " changed without FEMOD";
            }
        }
        if (writes.isEmpty()) {
            return new WriteVerdict.Refused("write refused: no FEMOD node took the change");
        }
        int source = writes.keySet().stream().min(Integer::compare).orElseThrow();
        List<ChainWrite> converge = converged(mirror, source, key);
        Map<Integer, List<ChainWrite>> syncs = new HashMap<>();
        for (int i = 0; i < mirror.views.size(); i++) {
            if (mirror.views.get(i) instanceof NodeView.Answered && !writes.containsKey(i)) {
                syncs.put(i, converge);
            }
        }
        int required = soft ? 1 : pfs.quorum();
        return new WriteVerdict.Planned(tid, writes, syncs, required);
    }

    private static List<ChainWrite> diff(Mirror mirror, int node, FetchReply before, long key) {
        List<ChainWrite> out = new ArrayList<>();
        Chain root = mirror.chains.node(node).root();
        if (!before.root().matches(root)) {
            out.add(new ChainWrite.PutRoot(ChainImage.of(root)));
        }
        Chain after = mirror.chains.node(node).childAt(root, key);
        if (after == null && before.child() != null) {
            out.add(new ChainWrite.Remove(key));
        } else if (after != null && (before.child() == null || !before.child().matches(after))) {
            out.add(new ChainWrite.Put(ChainImage.of(after)));
        }
        return out;
    }

    /** What makes another node's root and element equal to {@code source}'s. */
    private static List<ChainWrite> converged(Mirror mirror, int source, long key) {
        Chain root = mirror.chains.node(source).root();
        Chain child = mirror.chains.node(source).childAt(root, key);
        return List.of(new ChainWrite.PutRoot(ChainImage.of(root)),
                child == null ? new ChainWrite.Remove(key) : new ChainWrite.Put(ChainImage.of(child)));
    }

    static String hex(long key) {
        return "0x" + Long.toHexString(key);
    }
}
