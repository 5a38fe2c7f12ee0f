package io.kemu.hammer2.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainError;
import io.kemu.hammer2.chain.DirHash;
import io.kemu.hammer2.chain.InodeDataDescriptor;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClusterIoAndSnapshotTest {

    @Test
    void shouldCompleteLoadAsyncAtOnceWithResidentData() throws Exception {
        ClusterFixture f = ClusterFixture.masters(2);
        Cluster cluster = f.lockedRoots();

        Optional<LoadedData> loaded = ClusterIo.loadAsync(cluster, f.nodes).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(loaded).map(LoadedData::slot).contains(0);
    }

    @Test
    void shouldReadPastAFailingCopyToTheFirstValidatedOne() throws Exception {
        ClusterFixture f = ClusterFixture.masters(3);
        Cluster cluster = new Cluster(f.pfs);
        cluster.setNchains(3);
        Chain broken = new Chain(0, Blockref.of(BrefType.DATA, 1, 0), 4);
        broken.setError(ChainError.CHECK);
        cluster.item(0).setChain(broken);
        cluster.item(2).setChain(new Chain(2, Blockref.of(BrefType.DATA, 1, 0), 4));

        Optional<LoadedData> loaded = ClusterIo.loadAsync(cluster, f.nodes).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(loaded).map(LoadedData::slot).contains(2);
        assertThat(loaded.get().data()).hasSize(4);
    }

    @Test
    void shouldCompleteEmptyWhenNoCopyValidates() throws Exception {
        ClusterFixture f = ClusterFixture.masters(1);
        Cluster cluster = new Cluster(f.pfs);
        cluster.setNchains(1);
        Chain broken = new Chain(0, Blockref.of(BrefType.DATA, 1, 0), 4);
        broken.setError(ChainError.IO);
        cluster.item(0).setChain(broken);

        assertThat(ClusterIo.loadAsync(cluster, f.nodes).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void shouldSnapshotIntoANewPfsRootWithTheBlocksetOnTheFocusOnly() {
        ClusterFixture f = ClusterFixture.masters(2);
        Chain origin = new Chain(0, Blockref.of(BrefType.INODE, 0x77, 0), InodeDataDescriptor.INODE_BYTES);
        byte[] originData = new byte[InodeDataDescriptor.INODE_BYTES];
        originData[InodeDataDescriptor.U_OFFSET + 3] = 42;
        origin.setData(originData, originData.length);
        Cluster ocluster = ClusterLocking.fromChain(origin, Pfs.mastersThenSlaves(1, 0));
        ClusterSnapshot snapshots = new ClusterSnapshot(f.nodes, UUID::randomUUID);

        Cluster snap = snapshots.snapshot(f.nextTransaction(), ocluster, f.lockedRoots(), "snap-1").orElseThrow();

        assertThat(snap.has(ClusterFlag.LOCKED)).isFalse();
        for (int i = 0; i < 2; i++) {
            Chain chain = snap.chain(i);
            assertThat(chain.bref().key()).isEqualTo(DirHash.of("snap-1"));
            assertThat(chain.bref().flags() & Blockref.FLAG_PFSROOT).isEqualTo(Blockref.FLAG_PFSROOT);
            assertThat(chain.data()[InodeDataDescriptor.PFS_TYPE_OFFSET]).isEqualTo((byte) PfsType.MASTER.code());
            assertThat(chain.data()[InodeDataDescriptor.PFS_SUBTYPE_OFFSET]).isEqualTo((byte) 1);
        }
        assertThat(snap.chain(0).data()[InodeDataDescriptor.U_OFFSET + 3]).isEqualTo((byte) 42);
        assertThat(snap.chain(1).data()[InodeDataDescriptor.U_OFFSET + 3]).as("modsync copies meta only").isZero();
    }

    @Test
    void shouldAssertWhenSnapshottingAClusterOfSeveralChains() {
        ClusterFixture f = ClusterFixture.masters(2);
        ClusterSnapshot snapshots = new ClusterSnapshot(f.nodes, UUID::randomUUID);
        Cluster ocluster = f.lockedRoots();

        Outcome<Cluster> outcome = snapshots.snapshot(f.nextTransaction(), ocluster, f.lockedRoots(), "s");

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Asserted.class,
                a -> assertThat(a.reason()).isEqualTo(KernelAssert.SNAPSHOT_NOT_SINGLE));
    }

    @Test
    void shouldTakeTheNextFreeKeyWhenTheNameHashCollides() {
        ClusterFixture f = ClusterFixture.masters(1);
        Cluster superRoot = f.lockedRoots();
        ClusterLocking.unlock(f.createData(superRoot, DirHash.of("dup"), new byte[0])).orElseThrow();
        Chain origin = new Chain(0, Blockref.of(BrefType.INODE, 1, 0), InodeDataDescriptor.INODE_BYTES);
        origin.setData(new byte[InodeDataDescriptor.INODE_BYTES], InodeDataDescriptor.INODE_BYTES);

        Cluster snap = new ClusterSnapshot(f.nodes, UUID::randomUUID).snapshot(f.nextTransaction(),
                ClusterLocking.fromChain(origin, f.pfs), superRoot, "dup").orElseThrow();

        assertThat(snap.chain(0).bref().key()).isEqualTo(DirHash.of("dup") + 1);
        assertThat(DirHash.of("dup") & DirHash.VISIBLE).isEqualTo(DirHash.VISIBLE);
    }
}
