package io.kemu.hammer2.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainError;
import io.kemu.hammer2.chain.ChainFlag;
import io.kemu.hammer2.chain.InodeDataDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterOperationsTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldCreateOnEveryFemodNodeAndSyncTheFocusData() {
        ClusterFixture f = ClusterFixture.masters(3);
        Cluster cparent = f.lockedRoots();

        Cluster cluster = f.createData(cparent, 0x10, HELLO);

        assertThat(cluster.focusIndex()).isZero();
        assertThat(cluster.flags()).contains(ClusterFlag.WRHARD, ClusterFlag.RDHARD, ClusterFlag.MSYNCED);
        for (int i = 0; i < 3; i++) {
            Chain chain = cluster.chain(i);
            assertThat(chain.node()).isEqualTo(i);
            assertThat(cluster.item(i).has(ItemFlag.FEMOD)).isTrue();
            assertThat(new String(chain.data(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(chain.bref().modifyTid()).isEqualTo(2L);
            assertThat(f.nodes.node(i).root().bref().modifyTid()).as("parent modified").isEqualTo(2L);
        }
    }

    @Test
    void shouldLeaveNonFemodNodesAloneAndMarkThemInvalid() {
        ClusterFixture f = new ClusterFixture(Pfs.mastersThenSlaves(2, 1));
        Cluster cparent = f.lockedRoots();

        Cluster cluster = f.createData(cparent, 0x10, HELLO);

        assertThat(cparent.item(2).has(ItemFlag.FEMOD)).isFalse();
        assertThat(cluster.chain(2)).isNull();
        assertThat(cluster.item(2).has(ItemFlag.INVALID)).isTrue();
        assertThat(f.nodes.node(2).childrenOf(f.nodes.node(2).root())).isEmpty();
    }

    @Test
    void shouldIterateWithLookupAndNextInKeyOrder() {
        ClusterFixture f = ClusterFixture.masters(3);
        Cluster cparent = f.lockedRoots();
        for (long key : new long[] {0x30, 0x10, 0x20}) {
            ClusterLocking.unlock(f.createData(cparent, key, HELLO)).orElseThrow();
        }

        ScanStep step = f.scan.lookup(cparent, 0, 0, -1L, Set.of()).orElseThrow();
        List<Long> keys = new ArrayList<>();
        while (step.found()) {
            keys.add(step.cluster().focus().bref().key());
            step = f.scan.next(cparent, step.cluster(), step.keyNext(), 0, -1L, Set.of()).orElseThrow();
        }

        assertThat(keys).containsExactly(0x10L, 0x20L, 0x30L);
    }

    @Test
    void shouldInvalidateAStaleNodeAndKeepQuorumWithTheOthers() {
        ClusterFixture f = ClusterFixture.masters(3);
        Cluster cparent = f.lockedRoots();
        Cluster created = f.createData(cparent, 0x10, HELLO);
        f.nodes.modify(created.chain(0), 9);
        f.nodes.modify(created.chain(1), 9);
        ClusterLocking.unlock(created).orElseThrow();

        Cluster cluster = f.lookup(cparent, 0x10).cluster();

        assertThat(cluster.item(2).has(ItemFlag.INVALID)).isTrue();
        assertThat(cluster.item(2).has(ItemFlag.FEMOD)).isFalse();
        assertThat(cluster.flags()).contains(ClusterFlag.WRHARD, ClusterFlag.UNHARD).doesNotContain(ClusterFlag.MSYNCED);
    }

    @Test
    void shouldPickAStaleFirstChainAsFocusAndLoseTheQuorumAsTheKernelDoes() {
        ClusterFixture f = ClusterFixture.masters(3);
        Cluster cparent = f.lockedRoots();
        Cluster created = f.createData(cparent, 0x10, HELLO);
        f.nodes.modify(created.chain(1), 9);
        f.nodes.modify(created.chain(2), 9);
        ClusterLocking.unlock(created).orElseThrow();

        Cluster cluster = f.lookup(cparent, 0x10).cluster();

        assertThat(cluster.focusIndex()).isZero();
        assertThat(cluster.item(1).has(ItemFlag.INVALID)).isTrue();
        assertThat(cluster.item(2).has(ItemFlag.INVALID)).isTrue();
        assertThat(cluster.flags()).doesNotContain(ClusterFlag.WRHARD, ClusterFlag.RDHARD);
    }

    @Test
    void shouldReresolveWhenTheFocusErrorsOnModifyAndKeepTheErroredFocus() {
        ClusterFixture f = ClusterFixture.masters(3);
        Cluster cluster = f.createData(f.lockedRoots(), 0x10, HELLO);
        f.nodes.node(0).injectModifyError(ChainError.IO);

        Cluster modified = f.modify.modify(f.nextTransaction(), cluster).orElseThrow();

        assertThat(modified.focusIndex()).isZero();
        assertThat(modified.error()).isEqualTo(ChainError.IO);
        assertThat(modified.item(0).has(ItemFlag.FEMOD)).isFalse();
        assertThat(modified.item(1).has(ItemFlag.FEMOD)).isTrue();
        assertThat(modified.chain(1).bref().modifyTid()).isEqualTo(3L);
    }

    @Test
    void shouldCopyOnlyInodeMetaUnlessDirectData() {
        ClusterFixture f = ClusterFixture.masters(2);
        Cluster cluster = f.modify.create(f.nextTransaction(), f.lockedRoots(), null, 0x10, 0, BrefType.INODE,
                InodeDataDescriptor.INODE_BYTES).orElseThrow();
        byte[] focus = ClusterIo.wdata(cluster).orElseThrow();
        focus[0x10] = 7;
        focus[InodeDataDescriptor.U_OFFSET] = 9;

        f.modify.modsync(cluster).orElseThrow();
        assertThat(cluster.chain(1).data()[0x10]).isEqualTo((byte) 7);
        assertThat(cluster.chain(1).data()[InodeDataDescriptor.U_OFFSET]).isZero();

        focus[InodeDataDescriptor.OP_FLAGS_OFFSET] = InodeDataDescriptor.OPFLAG_DIRECTDATA;
        f.modify.modsync(cluster).orElseThrow();
        assertThat(cluster.chain(1).data()[InodeDataDescriptor.U_OFFSET]).isEqualTo((byte) 9);
    }

    @Test
    void shouldRefuseToModsyncFreemapAndUnknownTypes() {
        ClusterFixture f = ClusterFixture.masters(2);
        Cluster freemap = f.modify.create(f.nextTransaction(), f.lockedRoots(), null, 0x10, 0,
                BrefType.FREEMAP_LEAF, 1024).orElseThrow();
        Cluster indirect = f.modify.create(f.nextTransaction(), f.lockedRoots(), null, 0x20, 0,
                BrefType.INDIRECT, 1024).orElseThrow();

        assertThat(f.modify.modsync(freemap)).isInstanceOfSatisfying(Outcome.Asserted.class,
                a -> assertThat(a.reason()).isEqualTo(KernelAssert.MODSYNC_ILLEGAL_TYPE));
        assertThat(f.modify.modsync(indirect)).isInstanceOfSatisfying(Outcome.Asserted.class,
                a -> assertThat(a.reason()).isEqualTo(KernelAssert.MODSYNC_UNKNOWN_TYPE));
    }

    @Test
    void shouldRefuseWdataOnAnUnmodifiedCluster() {
        ClusterFixture f = ClusterFixture.masters(2);
        Cluster cparent = f.lockedRoots();

        assertThat(ClusterIo.wdata(cparent)).isInstanceOfSatisfying(Outcome.Asserted.class,
                a -> assertThat(a.reason()).isEqualTo(KernelAssert.NOT_MODIFIED));
        assertThat(ClusterIo.rdata(cparent).orElseThrow()).hasSize(InodeDataDescriptor.INODE_BYTES);
    }

    @Test
    void shouldDeleteFromEveryFemodNode() {
        ClusterFixture f = ClusterFixture.masters(3);
        Cluster cparent = f.lockedRoots();
        Cluster cluster = f.createData(cparent, 0x10, HELLO);

        int deleted = f.modify.delete(f.nextTransaction(), cparent, cluster);

        assertThat(deleted).isEqualTo(3);
        assertThat(cluster.chain(0).hasFlag(ChainFlag.DELETED)).isTrue();
        assertThat(f.lookup(cparent, 0x10).found()).isFalse();
    }

    @Test
    void shouldRenameToANewKeyAndLeaveBothClustersUnfocused() {
        ClusterFixture f = ClusterFixture.masters(3);
        Cluster cparent = f.lockedRoots();
        Cluster cluster = f.createData(cparent, 0x10, HELLO);

        f.modify.rename(f.nextTransaction(), Blockref.of(BrefType.DATA, 0x40, 0), cparent, cluster).orElseThrow();

        assertThat(cluster.focus()).isNull();
        assertThat(cparent.focus()).isNull();
        assertThat(cluster.chain(2).bref().key()).isEqualTo(0x40L);
        ClusterLocking.unlock(cluster).orElseThrow();
        assertThat(f.lookup(cparent, 0x10).found()).isFalse();
        assertThat(f.lookup(cparent, 0x40).found()).isTrue();
    }

    @Test
    void shouldResizeFemodChains() {
        ClusterFixture f = ClusterFixture.masters(2);
        Cluster cparent = f.lockedRoots();
        Cluster cluster = f.createData(cparent, 0x10, HELLO);

        assertThat(ClusterLocking.needResize(cluster, 2048).orElseThrow()).isTrue();
        f.modify.resize(f.nextTransaction(), cparent, cluster, 11).orElseThrow();

        assertThat(ClusterLocking.needResize(cluster, 2048).orElseThrow()).isFalse();
        assertThat(cluster.chain(1).bytes()).isEqualTo(2048);
        assertThat(new String(cluster.chain(1).data(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    @Test
    void shouldFindTheParentClusterFollowingTheChildFocus() {
        ClusterFixture f = ClusterFixture.masters(3);
        Cluster cluster = f.createData(f.lockedRoots(), 0x10, HELLO);

        Cluster cparent = ClusterLocking.parent(cluster).orElseThrow();

        assertThat(cparent.chain(1)).isSameAs(f.nodes.node(1).root());
        assertThat(cparent.focusIndex()).isEqualTo(cluster.focusIndex());
        assertThat(cparent.has(ClusterFlag.LOCKED)).isTrue();
    }

    @Test
    void shouldTurnLockingMistakesIntoTypedAssertions() {
        ClusterFixture f = ClusterFixture.masters(2);
        Cluster locked = f.lockedRoots();
        Cluster unlocked = f.roots();

        assertThat(ClusterLocking.lock(locked)).isInstanceOfSatisfying(Outcome.Asserted.class,
                a -> assertThat(a.reason()).isEqualTo(KernelAssert.ALREADY_LOCKED));
        assertThat(ClusterLocking.unlock(unlocked)).isInstanceOfSatisfying(Outcome.Asserted.class,
                a -> assertThat(a.reason()).isEqualTo(KernelAssert.NOT_LOCKED));
        assertThat(ClusterLocking.drop(unlocked).orElseThrow()).isZero();
        assertThat(ClusterLocking.drop(unlocked)).isInstanceOfSatisfying(Outcome.Asserted.class,
                a -> assertThat(a.reason()).isEqualTo(KernelAssert.NO_REFS));
    }

    @Test
    void shouldCopyChainsWithReferencesButNoFlagsAndReleaseThemOnTheLastDrop() {
        ClusterFixture f = ClusterFixture.masters(2);
        Cluster original = f.lockedRoots();
        int refsBefore = f.nodes.node(0).root().refs();

        Cluster copy = ClusterLocking.copy(original);
        ClusterLocking.ref(copy);

        assertThat(copy.item(0).flags()).isEmpty();
        assertThat(copy.flags()).isEmpty();
        assertThat(f.nodes.node(0).root().refs()).isEqualTo(refsBefore + 1);
        assertThat(ClusterLocking.drop(copy).orElseThrow()).isEqualTo(1);
        assertThat(ClusterLocking.drop(copy).orElseThrow()).isZero();
        assertThat(copy.nchains()).isZero();
        assertThat(f.nodes.node(0).root().refs()).isEqualTo(refsBefore);
    }

    @Test
    void shouldFakeTheFlagsOfADegenerateClusterFromOneChain() {
        Chain chain = new Chain(0, Blockref.of(BrefType.INODE, 0, 0), 1024);
        chain.setFlags(EnumSet.of(ChainFlag.UNLINKED, ChainFlag.MODIFIED));

        Cluster cluster = ClusterLocking.fromChain(chain, Pfs.mastersThenSlaves(1, 0));

        assertThat(cluster.flags()).containsExactlyInAnyOrder(ClusterFlag.LOCKED, ClusterFlag.WRHARD,
                ClusterFlag.RDHARD, ClusterFlag.MSYNCED, ClusterFlag.SSYNCED);
        assertThat(ClusterLocking.isUnlinked(cluster)).isTrue();
        assertThat(ClusterLocking.type(cluster).orElseThrow()).isEqualTo(BrefType.INODE);
        assertThat(ClusterLocking.modified(cluster).orElseThrow()).isTrue();
        ClusterLocking.clrChainFlags(cluster, EnumSet.of(ChainFlag.UNLINKED));
        assertThat(ClusterLocking.isUnlinked(cluster)).isFalse();
    }

    @Test
    void shouldReportAnEmptyBrefForAnErroredCluster() {
        Chain chain = new Chain(0, new Blockref(BrefType.DATA, 5, 0, 9, 0, 0), 1024);
        chain.setError(ChainError.CHECK);

        Cluster cluster = ClusterLocking.fromChain(chain, Pfs.mastersThenSlaves(1, 0));

        assertThat(ClusterLocking.bref(cluster).orElseThrow()).isEqualTo(new Blockref(BrefType.EMPTY, 0, 0, 0, 0, 0));
        assertThat(ClusterLocking.type(cluster).orElseThrow()).isEqualTo(BrefType.EMPTY);
    }

    @Test
    void shouldSetTheCheckMethodOnModifiedFemodChains() {
        ClusterFixture f = ClusterFixture.masters(2);
        Cluster cluster = f.createData(f.lockedRoots(), 0x10, HELLO);

        f.modify.setMethodCheck(cluster, 3).orElseThrow();
        f.modify.setflush(cluster);

        assertThat(cluster.chain(1).bref().methods()).isEqualTo(0x30);
        assertThat(cluster.chain(1).hasFlag(ChainFlag.ONFLUSH)).isTrue();
    }

    @Test
    void shouldAdvanceOneSlotAndRecheckItAgainstTheFocus() {
        ClusterFixture f = ClusterFixture.masters(2);
        Cluster cparent = f.lockedRoots();
        ClusterLocking.unlock(f.createData(cparent, 0x10, HELLO)).orElseThrow();
        ClusterLocking.unlock(f.createData(cparent, 0x20, HELLO)).orElseThrow();
        Cluster cluster = f.scan.lookup(cparent, 0, 0, -1L, Set.of()).orElseThrow().cluster();

        assertThat(f.scan.nextSingleChain(cparent, cluster, 0, 0, -1L, 0, Set.of()))
                .isInstanceOfSatisfying(Outcome.Asserted.class,
                        a -> assertThat(a.reason()).isEqualTo(KernelAssert.NEXT_SINGLE_ON_FOCUS));
        f.scan.nextSingleChain(cparent, cluster, 0, 0, -1L, 1, Set.of()).orElseThrow();

        assertThat(cluster.chain(1).bref().key()).isEqualTo(0x20L);
        assertThat(cluster.item(1).has(ItemFlag.INVALID)).isTrue();
    }
}
