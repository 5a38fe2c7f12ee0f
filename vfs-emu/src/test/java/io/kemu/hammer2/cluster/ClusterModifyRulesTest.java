package io.kemu.hammer2.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainError;
import io.kemu.hammer2.chain.ChainFlag;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * The modifying operations of hammer2_cluster.c beyond the happy path: only FEMOD items are touched,
 * every other item becomes INVALID, and each KKASSERT comes back as its typed assertion.
 */
class ClusterModifyRulesTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private static void assertAsserted(Outcome<?> outcome, KernelAssert reason) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Asserted.class, a -> assertThat(a.reason()).isEqualTo(reason));
    }

    @Test
    void shouldFocusTheCreatedClusterWhereTheParentIsFocused() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cparent = f.lockedRoots();
        cparent.focusOn(2);

        final Cluster cluster = f.modify.create(f.nextTransaction(), cparent, null, 0x10, 0, BrefType.DATA, 64)
                .orElseThrow();

        assertThat(cluster.nchains()).isEqualTo(3);
        assertThat(cluster.focusIndex()).isEqualTo(2);
        assertThat(cluster.has(ClusterFlag.LOCKED)).isTrue();
        assertThat(cluster.chain(1).bref().key()).isEqualTo(0x10L);
        assertThat(cluster.chain(1).bytes()).isEqualTo(64);
    }

    @Test
    void shouldAssertWhenAChainCreateFails() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Cluster cparent = f.lockedRoots();
        ClusterLocking.unlock(f.createData(cparent, 0x10, HELLO)).orElseThrow();

        final Outcome<Cluster> again = f.modify.create(f.nextTransaction(), cparent, null, 0x10, 0, BrefType.DATA, 64);

        assertAsserted(again, KernelAssert.CREATE_FAILED);
        assertThat(((Outcome.Asserted<Cluster>) again).detail()).isEqualTo("hammer2_chain_create on slot 0 returned error 17");
    }

    @Test
    void shouldReinsertOnlyTheFemodChainsOfAnExistingCluster() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cparent = f.lockedRoots();
        final Cluster existing = f.createData(cparent, 0x10, HELLO);
        f.modify.delete(f.nextTransaction(), cparent, existing);
        final Chain kept1 = existing.chain(1);
        final Chain kept2 = existing.chain(2);
        existing.item(1).clear(ItemFlag.FEMOD);
        existing.item(2).setChain(null);
        existing.focusOn(1);
        cparent.focusOn(1);

        final Cluster created = f.modify.create(f.nextTransaction(), cparent, existing, 0x40, 0, BrefType.DATA, 1024)
                .orElseThrow();

        assertThat(created).isSameAs(existing);
        assertThat(created.chain(0).bref().key()).isEqualTo(0x40L);
        assertThat(created.chain(0).hasFlag(ChainFlag.DELETED)).isFalse();
        assertThat(f.nodes.node(0).childAt(f.nodes.node(0).root(), 0x40)).isSameAs(created.chain(0));
        assertThat(created.item(1).has(ItemFlag.INVALID)).isTrue();
        assertThat(kept1.bref().key()).as("not FEMOD: left alone").isEqualTo(0x10L);
        assertThat(f.nodes.node(1).childAt(f.nodes.node(1).root(), 0x40)).isNull();
        assertThat(created.chain(2)).isNull();
        assertThat(created.item(2).has(ItemFlag.INVALID)).isFalse();
        assertThat(kept2.bref().key()).isEqualTo(0x10L);
        assertThat(created.focusIndex()).isZero();
    }

    @Test
    void shouldMarkItemsInvalidWhereTheParentIsNotFemod() {
        final ClusterFixture f = new ClusterFixture(Pfs.mastersThenSlaves(2, 1));
        final Cluster cparent = f.lockedRoots();
        cparent.item(0).clear(ItemFlag.FEMOD);

        final Cluster cluster = f.modify.create(f.nextTransaction(), cparent, null, 0x10, 0, BrefType.DATA, 64)
                .orElseThrow();

        assertThat(cluster.item(0).has(ItemFlag.INVALID)).isTrue();
        assertThat(cluster.chain(0)).isNull();
        assertThat(cluster.chain(1)).isNotNull();
        assertThat(cluster.focusIndex()).isEqualTo(1);
    }

    @Test
    void shouldRenameKeepingTheKeyWithoutABrefAndTouchOnlyFemodChains() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cparent = f.lockedRoots();
        final Cluster cluster = f.createData(cparent, 0x10, HELLO);
        cluster.item(2).clear(ItemFlag.FEMOD);
        final long tid2 = cluster.chain(2).bref().modifyTid();

        final Transaction trans = f.nextTransaction();
        f.modify.rename(trans, null, cparent, cluster).orElseThrow();

        assertThat(cluster.chain(0).bref().key()).isEqualTo(0x10L);
        assertThat(cluster.chain(0).bref().modifyTid()).isEqualTo(trans.tid());
        assertThat(cluster.chain(2).bref().modifyTid()).isEqualTo(tid2);
        assertThat(cluster.item(2).has(ItemFlag.INVALID)).isTrue();
        assertThat(cluster.item(0).has(ItemFlag.INVALID)).isFalse();
    }

    @Test
    void shouldDeleteNothingWithoutAParentAndSkipChainsFiledElsewhere() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cparent = f.lockedRoots();
        final Cluster cluster = f.createData(cparent, 0x10, HELLO);

        assertThat(f.modify.delete(f.nextTransaction(), null, cluster)).isZero();
        assertThat(cluster.chain(0).hasFlag(ChainFlag.DELETED)).isFalse();

        final Cluster other = f.createData(cparent, 0x20, HELLO);
        cparent.item(1).setChain(other.chain(1));
        cluster.item(2).clear(ItemFlag.FEMOD);
        cluster.item(0).setChain(null);

        assertThat(f.modify.delete(f.nextTransaction(), cparent, cluster)).isZero();
        assertThat(cluster.chain(1).hasFlag(ChainFlag.DELETED)).as("its parent is not slot 1's parent").isFalse();
        assertThat(cluster.chain(2).hasFlag(ChainFlag.DELETED)).isFalse();
        assertThat(cluster.item(2).has(ItemFlag.INVALID)).isTrue();
        assertThat(cluster.item(1).has(ItemFlag.INVALID)).isFalse();
    }

    @Test
    void shouldModifyOnlyUsableFemodChains() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cluster = f.createData(f.lockedRoots(), 0x10, HELLO);
        final long before = cluster.chain(0).bref().modifyTid();
        cluster.item(1).clear(ItemFlag.FEMOD);
        cluster.chain(2).setError(ChainError.IO);

        final Transaction trans = f.nextTransaction();
        f.modify.modify(trans, cluster).orElseThrow();

        assertThat(cluster.chain(0).bref().modifyTid()).isEqualTo(trans.tid());
        assertThat(cluster.chain(1).bref().modifyTid()).isEqualTo(before);
        assertThat(cluster.item(1).has(ItemFlag.INVALID)).isTrue();
        assertThat(cluster.chain(2).bref().modifyTid()).isEqualTo(before);
        assertThat(cluster.error()).as("a non-focus chain's error is not the cluster's").isZero();
        assertThat(cluster.focusIndex()).isZero();
    }

    @Test
    void shouldNotReresolveWhenAnotherThanTheFocusErrors() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cluster = f.createData(f.lockedRoots(), 0x10, HELLO);
        f.nodes.node(1).injectModifyError(ChainError.IO);

        f.modify.modify(f.nextTransaction(), cluster).orElseThrow();

        assertThat(cluster.error()).isZero();
        assertThat(cluster.item(1).has(ItemFlag.FEMOD)).as("not resolved again").isTrue();
        assertThat(cluster.chain(1).error()).isEqualTo(ChainError.IO);
    }

    @Test
    void shouldAssertOnModsyncWithoutAModifiedFocusOrWithAMismatchedTarget() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster noFocus = f.roots();
        assertAsserted(f.modify.modsync(noFocus), KernelAssert.NO_FOCUS);

        final Cluster unmodified = f.lockedRoots();
        assertAsserted(f.modify.modsync(unmodified), KernelAssert.NOT_MODIFIED);

        final Cluster cluster = f.createData(f.lockedRoots(), 0x10, HELLO);
        cluster.chain(1).clearFlags(EnumSet.of(ChainFlag.MODIFIED));
        assertAsserted(f.modify.modsync(cluster), KernelAssert.NOT_MODIFIED);
        cluster.chain(1).setFlags(EnumSet.of(ChainFlag.MODIFIED));
        cluster.chain(2).setData(new byte[512], 512);
        assertAsserted(f.modify.modsync(cluster), KernelAssert.MODSYNC_MISMATCH);
        cluster.chain(2).setData(new byte[1024], 1024);
        cluster.chain(2).setBref(new Blockref(BrefType.INODE, 0x10, 0, 3, 0, 0));
        assertAsserted(f.modify.modsync(cluster), KernelAssert.MODSYNC_MISMATCH);
    }

    @Test
    void shouldModsyncOnlyUsableFemodChains() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cluster = f.createData(f.lockedRoots(), 0x10, HELLO);
        final byte[] focus = ClusterIo.wdata(cluster).orElseThrow();
        focus[0] = 'J';
        cluster.item(1).clear(ItemFlag.FEMOD);
        cluster.chain(2).setError(ChainError.IO);
        cluster.chain(2).clearFlags(EnumSet.of(ChainFlag.MODIFIED));

        f.modify.modsync(cluster).orElseThrow();

        assertThat(cluster.chain(1).data()[0]).isEqualTo((byte) 'h');
        assertThat(cluster.chain(2).data()[0]).isEqualTo((byte) 'h');
        cluster.item(1).set(ItemFlag.FEMOD);
        f.modify.modsync(cluster).orElseThrow();
        assertThat(cluster.chain(1).data()[0]).isEqualTo((byte) 'J');
        assertThat(cluster.chain(1).data()[4]).isEqualTo((byte) 'o');
    }

    @Test
    void shouldAssertOnResizeOfMismatchedClustersOrWithoutAParentChain() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Cluster cparent = f.lockedRoots();
        final Cluster cluster = f.createData(cparent, 0x10, HELLO);

        final Cluster shorter = f.lockedRoots();
        shorter.setNchains(1);
        assertAsserted(f.modify.resize(f.nextTransaction(), shorter, cluster, 11), KernelAssert.RESIZE_MISMATCH);
        final Cluster otherPfs = new Cluster(Pfs.mastersThenSlaves(2, 0));
        otherPfs.setNchains(2);
        assertAsserted(f.modify.resize(f.nextTransaction(), otherPfs, cluster, 11), KernelAssert.RESIZE_MISMATCH);

        cparent.item(1).setChain(null);
        assertAsserted(f.modify.resize(f.nextTransaction(), cparent, cluster, 11), KernelAssert.RESIZE_NO_PARENT);
    }

    @Test
    void shouldResizeOnlyFemodChains() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cparent = f.lockedRoots();
        final Cluster cluster = f.createData(cparent, 0x10, HELLO);
        cluster.item(1).clear(ItemFlag.FEMOD);
        cluster.item(2).setChain(null);
        cparent.item(2).setChain(null);

        f.modify.resize(f.nextTransaction(), cparent, cluster, 11).orElseThrow();

        assertThat(cluster.chain(0).bytes()).isEqualTo(2048);
        assertThat(cluster.chain(1).bytes()).isEqualTo(1024);
        assertThat(cluster.item(1).has(ItemFlag.INVALID)).isTrue();
        assertThat(cluster.item(0).has(ItemFlag.INVALID)).isFalse();
    }

    @Test
    void shouldFlagForFlushOnlyUsableFemodChains() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cluster = f.createData(f.lockedRoots(), 0x10, HELLO);
        cluster.item(1).clear(ItemFlag.FEMOD);
        cluster.chain(2).setError(ChainError.IO);

        f.modify.setflush(cluster);

        assertThat(cluster.chain(0).hasFlag(ChainFlag.ONFLUSH)).isTrue();
        assertThat(cluster.chain(1).hasFlag(ChainFlag.ONFLUSH)).isFalse();
        assertThat(cluster.chain(2).hasFlag(ChainFlag.ONFLUSH)).isFalse();
    }

    @Test
    void shouldReplaceOnlyTheCheckBitsOfModifiedFemodChains() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cluster = f.createData(f.lockedRoots(), 0x10, HELLO);
        for (int i = 0; i < 3; i++) {
            cluster.chain(i).setBref(cluster.chain(i).bref().withMethods(0xA7));
        }
        cluster.item(1).clear(ItemFlag.FEMOD);
        cluster.chain(2).setError(ChainError.IO);
        cluster.chain(2).clearFlags(EnumSet.of(ChainFlag.MODIFIED));

        f.modify.setMethodCheck(cluster, 0x13).orElseThrow();

        assertThat(cluster.chain(0).bref().methods()).isEqualTo(0x37);
        assertThat(cluster.chain(1).bref().methods()).isEqualTo(0xA7);
        assertThat(cluster.item(1).has(ItemFlag.INVALID)).isTrue();
        assertThat(cluster.chain(2).bref().methods()).isEqualTo(0xA7);
        assertThat(ClusterModify.encCheck(-1)).isEqualTo(0xF0);

        cluster.chain(0).clearFlags(EnumSet.of(ChainFlag.MODIFIED));
        assertAsserted(f.modify.setMethodCheck(cluster, 1), KernelAssert.NOT_MODIFIED);
        ClusterLocking.unlock(cluster).orElseThrow();
        assertAsserted(f.modify.setMethodCheck(cluster, 1), KernelAssert.NOT_LOCKED);
    }
}
