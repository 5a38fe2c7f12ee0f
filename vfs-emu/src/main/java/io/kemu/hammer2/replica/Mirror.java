package io.kemu.hammer2.replica;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainTopology;
import io.kemu.hammer2.chain.InodeDataDescriptor;
import io.kemu.hammer2.chain.NodeChains;
import io.kemu.hammer2.cluster.Cluster;
import io.kemu.hammer2.cluster.ClusterFlag;
import io.kemu.hammer2.cluster.ClusterLocking;
import io.kemu.hammer2.cluster.Outcome;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.cluster.PfsType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The coordinator's local copy of what the nodes answered for one operation: one throw-away
 * {@link ChainTopology} per node holding its root and the one child it reported, with an errored
 * root for every node that did not answer. The kernel's cluster functions run unchanged on these
 * copies; comparing the copies before and after tells each node what to change.
 */
final class Mirror {
    final Pfs pfs;
    final List<NodeView> views;
    final NodeChains chains;
    final Cluster cparent;

    private Mirror(Pfs pfs, List<NodeView> views, NodeChains chains, Cluster cparent) {
        this.pfs = pfs;
        this.views = views;
        this.chains = chains;
        this.cparent = cparent;
    }

    /** Builds the copies and locks the root cluster (lookup_init), which resolves it. */
    static Outcome<Mirror> of(Pfs pfs, List<NodeView> views) {
        if (views.size() != pfs.slots()) {
            throw new IllegalArgumentException(views.size() + " node views for a PFS of " + pfs.slots() + " slots");
        }
        List<ChainTopology> topologies = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            ChainTopology topology = new ChainTopology(i,
                    Blockref.of(BrefType.INODE, 0L, Blockref.MAX_KEYBITS), InodeDataDescriptor.INODE_BYTES);
            Chain root = topology.root();
            if (views.get(i) instanceof NodeView.Answered answered) {
                root.setBref(answered.reply().root().bref());
                root.setData(answered.reply().root().data(), answered.reply().root().bytes());
                if (answered.reply().child() != null) {
                    topology.attach(root, answered.reply().child().toChain(i));
                }
            } else {
                root.setError(NodeView.errorOf(views.get(i)));
            }
            topologies.add(topology);
        }
        NodeChains chains = new NodeChains(topologies);
        Cluster roots = new Cluster(pfs);
        roots.setNchains(views.size());
        for (int i = 0; i < views.size(); i++) {
            roots.item(i).setChain(chains.node(i).root());
        }
        Outcome<Cluster> locked = ClusterLocking.lookupInit(roots);
        if (locked instanceof Outcome.Asserted<Cluster> asserted) {
            return new Outcome.Asserted<>(asserted.reason(), asserted.detail());
        }
        return Outcome.done(new Mirror(pfs, views, chains, locked.orElseThrow()));
    }

    static boolean readable(Cluster cluster) {
        return (cluster.has(ClusterFlag.RDHARD) || cluster.has(ClusterFlag.RDSOFT))
                && cluster.focus() != null && cluster.error() == 0;
    }

    static boolean writable(Cluster cluster) {
        return (cluster.has(ClusterFlag.WRHARD) || cluster.has(ClusterFlag.WRSOFT))
                && cluster.focus() != null && cluster.error() == 0;
    }

    /**
     * Why a cluster has no quorum, in words: masters needed and agreeing at the highest tid, the
     * nodes that did not answer, and the resolved flags.
     */
    String describe(Cluster cluster) {
        int agreeing = 0;
        long highest = 0;
        boolean any = false;
        for (int i = 0; i < cluster.nchains(); i++) {
            Chain chain = cluster.chain(i);
            if (pfs.type(i) != PfsType.MASTER || chain == null || chain.error() != 0) {
                continue;
            }
            long tid = chain.bref().modifyTid();
            if (!any || Long.compareUnsigned(tid, highest) > 0) {
                highest = tid;
                agreeing = 1;
                any = true;
            } else if (tid == highest) {
                agreeing++;
            }
        }
        String silent = nodesWhere(v -> v instanceof NodeView.Silent);
        String syncing = nodesWhere(v -> v instanceof NodeView.Syncing);
        String flags = ClusterFlag.REPORTED.stream().filter(cluster::has).map(Enum::name)
                .collect(Collectors.joining(" "));
        return "need " + pfs.quorum() + " agreeing masters of pfs_nmasters " + pfs.nmasters() + ", have " + agreeing
                + (any ? " at tid " + Long.toUnsignedString(highest) : "")
                + "; unreachable: " + silent + "; resynchronising: " + syncing
                + "; flags " + (flags.isEmpty() ? "-" : flags);
    }

    private String nodesWhere(Predicate<NodeView> test) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            if (test.test(views.get(i))) {
                nodes.add(Integer.toString(i));
            }
        }
        return nodes.isEmpty() ? "none" : "node " + String.join(", ", nodes);
    }
}
