package io.kemu.hammer2.cluster;

import static io.kemu.hammer2.chain.InodeDataDescriptor.EMBEDDED_BYTES;
import static io.kemu.hammer2.chain.InodeDataDescriptor.INODE_BYTES;
import static io.kemu.hammer2.chain.InodeDataDescriptor.U_OFFSET;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainMutator;
import io.kemu.hammer2.chain.ChainScanner;
import io.kemu.hammer2.chain.DirHash;
import io.kemu.hammer2.chain.InodeDataDescriptor;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Mirrors hammer2_cluster_snapshot(): a new PFS root inode under the super-root, named after the
 * snapshot, typed MASTER/SNAPSHOT with fresh fsid and clid, flagged PFSROOT on every FEMOD chain,
 * given the originating inode's blockset, synchronized to the other FEMOD chains and flushed.
 *
 * <p>The kernel creates the inode with hammer2_inode_create(); kemu does the part that matters to
 * the cluster: a free directory key from the name's hash (iterating the low bits on collision, as
 * inode creation does), then hammer2_cluster_create() and hammer2_cluster_modify(). As in the
 * kernel, an originating cluster of more than one chain trips KKASSERT(ocluster->nchains == 1) -
 * after the inode was created.
 */
public final class ClusterSnapshot {
    private final ClusterScan scan;
    private final ClusterModify modify;
    private final ChainMutator chains;
    private final Supplier<UUID> uuids;

    public <T extends ChainScanner & ChainMutator> ClusterSnapshot(T chains, Supplier<UUID> uuids) {
        this.scan = new ClusterScan(chains);
        this.modify = new ClusterModify(chains);
        this.chains = chains;
        this.uuids = uuids;
    }

    /** Creates snapshot {@code name} of {@code ocluster} under the locked super-root cluster. */
    public Outcome<Cluster> snapshot(Transaction trans, Cluster ocluster, Cluster superRoot, String name) {
        return Outcome.trap(() -> {
            byte[] ripdata = KernelPanic.unwrap(ClusterIo.rdata(ocluster));
            long lhc = freeKey(superRoot, DirHash.of(name));
            Cluster ncluster = KernelPanic.unwrap(
                    modify.create(trans, superRoot, null, lhc, 0, BrefType.INODE, INODE_BYTES));
            KernelPanic.unwrap(modify.modify(trans, ncluster));
            byte[] wipdata = KernelPanic.unwrap(ClusterIo.wdata(ncluster));
            wipdata[InodeDataDescriptor.PFS_TYPE_OFFSET] = (byte) PfsType.MASTER.code();
            wipdata[InodeDataDescriptor.PFS_SUBTYPE_OFFSET] = (byte) InodeDataDescriptor.PFSSUBTYPE_SNAPSHOT;
            wipdata[InodeDataDescriptor.OP_FLAGS_OFFSET] |= (byte) InodeDataDescriptor.OPFLAG_PFSROOT;
            putUuid(wipdata, InodeDataDescriptor.PFS_FSID_OFFSET, uuids.get());
            putUuid(wipdata, InodeDataDescriptor.PFS_CLID_OFFSET, uuids.get());
            for (int i = 0; i < ncluster.nchains(); i++) {
                if (!ncluster.item(i).has(ItemFlag.FEMOD)) {
                    ncluster.item(i).set(ItemFlag.INVALID);
                    continue;
                }
                Chain nchain = ncluster.chain(i);
                if (nchain != null) {
                    nchain.setBref(nchain.bref().withFlags(nchain.bref().flags() | Blockref.FLAG_PFSROOT));
                }
            }
            KernelPanic.check(ocluster.nchains() == 1, KernelAssert.SNAPSHOT_NOT_SINGLE,
                    "snapshot of a cluster of " + ocluster.nchains() + " chains");
            System.arraycopy(ripdata, U_OFFSET, wipdata, U_OFFSET, EMBEDDED_BYTES);
            KernelPanic.unwrap(modify.modsync(ncluster));
            for (Chain nchain : ncluster.chains()) {
                if (nchain != null) {
                    chains.flush(nchain);
                }
            }
            return KernelPanic.unwrap(ClusterLocking.unlock(ncluster));
        });
    }

    /** The first key from {@code lhc} on (within the collision bits) no element of the parent uses. */
    private long freeKey(Cluster superRoot, long lhc) {
        long key = lhc;
        while (true) {
            ScanStep step = KernelPanic.unwrap(scan.lookup(superRoot, key, key, key, Set.of()));
            if (!step.found()) {
                return key;
            }
            KernelPanic.unwrap(ClusterLocking.unlock(step.cluster()));
            KernelPanic.unwrap(ClusterLocking.drop(step.cluster()));
            if ((key & DirHash.LOMASK) == DirHash.LOMASK) {
                throw new IllegalStateException("no free directory key for hash 0x" + Long.toHexString(lhc));
            }
            key++;
        }
    }

    private static void putUuid(byte[] inode, int offset, UUID uuid) {
        ByteBuffer.wrap(inode, offset, InodeDataDescriptor.UUID_BYTES)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
    }
}
