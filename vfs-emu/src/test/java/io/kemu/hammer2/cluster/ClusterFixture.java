package io.kemu.hammer2.cluster;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.ChainTopology;
import io.kemu.hammer2.chain.InodeDataDescriptor;
import io.kemu.hammer2.chain.NodeChains;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** N in-memory nodes with a root inode each (modify_tid 1), and the cluster helpers tests need. */
final class ClusterFixture {
    final Pfs pfs;
    final NodeChains nodes;
    final ClusterScan scan;
    final ClusterModify modify;
    private long tid = 1;

    ClusterFixture(Pfs pfs) {
        this.pfs = pfs;
        List<ChainTopology> topologies = new ArrayList<>();
        for (int i = 0; i < pfs.slots(); i++) {
            topologies.add(new ChainTopology(i,
                    new Blockref(BrefType.INODE, 0L, Blockref.MAX_KEYBITS, 1L, 0, 0), InodeDataDescriptor.INODE_BYTES));
        }
        this.nodes = new NodeChains(topologies);
        this.scan = new ClusterScan(nodes);
        this.modify = new ClusterModify(nodes);
    }

    static ClusterFixture masters(int n) {
        return new ClusterFixture(Pfs.mastersThenSlaves(n, 0));
    }

    /** An unlocked cluster of the node roots (the "inode's cluster template copy"). */
    Cluster roots() {
        Cluster cluster = new Cluster(pfs);
        cluster.setNchains(pfs.slots());
        for (int i = 0; i < pfs.slots(); i++) {
            cluster.item(i).setChain(nodes.node(i).root());
        }
        return cluster;
    }

    /** The roots, locked and resolved. */
    Cluster lockedRoots() {
        return ClusterLocking.lookupInit(roots()).orElseThrow();
    }

    Transaction nextTransaction() {
        return new Transaction(pfs, ++tid);
    }

    /** Creates a DATA element at {@code key} on every node and returns it, locked. */
    Cluster createData(Cluster cparent, long key, byte[] content) {
        Transaction trans = nextTransaction();
        Cluster cluster = modify.create(trans, cparent, null, key, 0, BrefType.DATA, 1024).orElseThrow();
        System.arraycopy(content, 0, ClusterIo.wdata(cluster).orElseThrow(), 0, content.length);
        modify.modsync(cluster).orElseThrow();
        return cluster;
    }

    ScanStep lookup(Cluster cparent, long key) {
        return scan.lookup(cparent, key, key, key, Set.of()).orElseThrow();
    }
}
