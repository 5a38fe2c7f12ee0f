package io.kemu.hammer2.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainError;
import io.kemu.hammer2.chain.ChainFlag;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * hammer2_cluster_{lock,unlock,drop,lookup_done,parent} and the queries on a locked cluster: each
 * KKASSERT as its typed assertion, and what each call does to the chains' references and locks.
 */
class ClusterLockingRulesTest {

    private static void assertAsserted(Outcome<?> outcome, KernelAssert reason) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Asserted.class, a -> assertThat(a.reason()).isEqualTo(reason));
    }

    private static Chain data(int node, int bytes) {
        return new Chain(node, Blockref.of(BrefType.DATA, 0x10, 0), bytes);
    }

    @Test
    void shouldRefuseToLockAnUnreferencedATemplateOrAFocusedCluster() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Cluster unreferenced = f.roots();
        ClusterLocking.drop(unreferenced).orElseThrow();
        assertAsserted(ClusterLocking.lock(unreferenced), KernelAssert.NO_REFS);

        final Cluster template = f.roots();
        template.setFlags(EnumSet.of(ClusterFlag.INODE));
        assertAsserted(ClusterLocking.lock(template), KernelAssert.INODE_TEMPLATE);

        final Cluster focused = f.roots();
        focused.focusOn(1);
        assertAsserted(ClusterLocking.lock(focused), KernelAssert.FOCUS_NOT_CLEARED);
        assertThat(f.nodes.node(1).root().lockCount()).as("nothing locked by a refused lock").isZero();
    }

    @Test
    void shouldLockEveryChainOnLockAndUnlockEveryChainOnUnlock() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cluster = f.roots();
        cluster.item(1).setChain(null);

        final Cluster locked = ClusterLocking.lock(cluster).orElseThrow();

        assertThat(locked.has(ClusterFlag.LOCKED)).isTrue();
        assertThat(f.nodes.node(0).root().lockCount()).isEqualTo(1);
        assertThat(f.nodes.node(2).root().lockCount()).isEqualTo(1);
        assertThat(locked.focus()).isSameAs(f.nodes.node(0).root());
        assertThat(locked.item(0).has(ItemFlag.FEMOD)).isTrue();

        ClusterLocking.unlock(locked).orElseThrow();

        assertThat(locked.has(ClusterFlag.LOCKED)).isFalse();
        assertThat(locked.focus()).isNull();
        assertThat(f.nodes.node(0).root().lockCount()).isZero();
        assertThat(f.nodes.node(2).root().lockCount()).isZero();
    }

    @Test
    void shouldRefuseToUnlockAnUnreferencedCluster() {
        final ClusterFixture f = ClusterFixture.masters(1);
        final Cluster cluster = f.lockedRoots();
        ClusterLocking.drop(cluster).orElseThrow();

        assertAsserted(ClusterLocking.unlock(cluster), KernelAssert.NO_REFS);
        assertThat(cluster.has(ClusterFlag.LOCKED)).isTrue();
    }

    @Test
    void shouldDropTheChainsOnlyWithTheLastReference() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Chain root0 = f.nodes.node(0).root();
        final Cluster cluster = ClusterLocking.copy(f.roots());
        final int refs = root0.refs();
        ClusterLocking.ref(cluster);
        cluster.focusOn(0);

        assertThat(ClusterLocking.drop(cluster).orElseThrow()).isEqualTo(1);
        assertThat(cluster.nchains()).isEqualTo(2);
        assertThat(cluster.chain(0)).isSameAs(root0);
        assertThat(cluster.focus()).isSameAs(root0);
        assertThat(root0.refs()).isEqualTo(refs);

        assertThat(ClusterLocking.drop(cluster).orElseThrow()).isZero();
        assertThat(cluster.focus()).isNull();
        assertThat(cluster.chain(0)).isNull();
        assertThat(cluster.chain(1)).isNull();
        assertThat(cluster.nchains()).isZero();
        assertThat(root0.refs()).isEqualTo(refs - 1);
    }

    @Test
    void shouldEndALookupByUnlockingAndDroppingItsCopy() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Chain root1 = f.nodes.node(1).root();
        final int refs = root1.refs();
        final Cluster copy = ClusterLocking.lookupInit(f.roots()).orElseThrow();
        assertThat(root1.refs()).isEqualTo(refs + 1);
        assertThat(root1.lockCount()).isEqualTo(1);

        assertThat(ClusterLocking.lookupDone(copy).orElseThrow()).isSameAs(copy);

        assertThat(root1.refs()).isEqualTo(refs);
        assertThat(root1.lockCount()).isZero();
        assertThat(copy.refs()).isZero();
        assertThat(copy.has(ClusterFlag.LOCKED)).isFalse();
        assertThat(ClusterLocking.lookupDone(null)).isEqualTo(Outcome.done(null));
        assertAsserted(ClusterLocking.lookupDone(copy), KernelAssert.NOT_LOCKED);
    }

    @Test
    void shouldResolveAClusterOnRequest() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cluster = f.roots();
        cluster.setFlags(EnumSet.of(ClusterFlag.LOCKED));

        final Cluster resolved = ClusterLocking.resolve(cluster).orElseThrow();

        assertThat(resolved.focusIndex()).isZero();
        assertThat(resolved.focus()).isSameAs(f.nodes.node(0).root());
        assertThat(resolved.flags()).contains(ClusterFlag.LOCKED, ClusterFlag.WRHARD, ClusterFlag.MSYNCED);
        for (int i = 0; i < 3; i++) {
            assertThat(resolved.item(i).has(ItemFlag.FEMOD)).isTrue();
        }

        final Cluster soft = new Cluster(new Pfs(java.util.List.of(PfsType.SOFT_MASTER, PfsType.SOFT_MASTER), 0));
        soft.setNchains(2);
        soft.item(0).setChain(data(0, 64));
        soft.item(1).setChain(data(1, 64));
        assertAsserted(ClusterLocking.resolve(soft), KernelAssert.DUP_SOFT_MASTER);
    }

    @Test
    void shouldTakeFemodAwayFromSlotsThatLostIt() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cluster = f.roots();
        cluster.setFlags(EnumSet.of(ClusterFlag.LOCKED));
        for (int i = 0; i < 3; i++) {
            cluster.item(i).set(ItemFlag.FEMOD);
        }
        f.nodes.node(2).root().setBref(f.nodes.node(2).root().bref().withModifyTid(99));
        f.nodes.node(1).root().setBref(f.nodes.node(1).root().bref().withModifyTid(99));

        ClusterLocking.resolve(cluster).orElseThrow();

        assertThat(cluster.item(0).has(ItemFlag.FEMOD)).as("stale").isFalse();
        assertThat(cluster.item(1).has(ItemFlag.FEMOD)).isTrue();
        assertThat(cluster.item(2).has(ItemFlag.FEMOD)).isTrue();
        assertThat(cluster.focusIndex()).isEqualTo(1);
    }

    @Test
    void shouldAnswerQueriesOnlyOnALockedClusterWithAFocusOrAnError() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Cluster unlocked = f.roots();
        assertAsserted(ClusterLocking.type(unlocked), KernelAssert.NOT_LOCKED);
        assertAsserted(ClusterLocking.modified(unlocked), KernelAssert.NOT_LOCKED);
        assertAsserted(ClusterLocking.bref(unlocked), KernelAssert.NOT_LOCKED);
        assertAsserted(ClusterLocking.needResize(unlocked, 64), KernelAssert.NOT_LOCKED);

        final Cluster noFocus = f.roots();
        noFocus.setFlags(EnumSet.of(ClusterFlag.LOCKED));
        assertAsserted(ClusterLocking.type(noFocus), KernelAssert.NO_FOCUS);
        noFocus.setError(ChainError.IO);
        assertThat(ClusterLocking.type(noFocus).orElseThrow()).isEqualTo(BrefType.EMPTY);
        assertThat(ClusterLocking.modified(noFocus).orElseThrow()).isFalse();

        final Chain chain = data(0, 64);
        final Cluster one = ClusterLocking.fromChain(chain, Pfs.mastersThenSlaves(1, 0));
        assertThat(ClusterLocking.modified(one).orElseThrow()).isFalse();
        assertThat(ClusterLocking.bref(one).orElseThrow()).isSameAs(chain.bref());
        chain.setFlags(EnumSet.of(ChainFlag.MODIFIED));
        chain.setError(ChainError.CHECK);
        one.setError(ChainError.CHECK);
        assertThat(ClusterLocking.modified(one).orElseThrow()).as("errored").isFalse();
    }

    @Test
    void shouldBuildTheDegenerateClusterWithTheChainsError() {
        final Chain chain = data(0, 64);
        chain.setError(ChainError.IO);

        final Cluster cluster = ClusterLocking.fromChain(chain, Pfs.mastersThenSlaves(1, 0));

        assertThat(cluster.error()).isEqualTo(ChainError.IO);
        assertThat(cluster.nchains()).isEqualTo(1);
        assertThat(cluster.focus()).isSameAs(chain);
        assertThat(cluster.item(0).has(ItemFlag.FEMOD)).isTrue();
        assertThat(cluster.refs()).isEqualTo(1);
    }

    @Test
    void shouldSeeUnlinkedOnlyOnFemodChains() {
        final Cluster cluster = new Cluster(Pfs.mastersThenSlaves(3, 0));
        cluster.setNchains(3);
        final Chain unlinked = data(1, 64);
        unlinked.setFlags(EnumSet.of(ChainFlag.UNLINKED));
        cluster.item(1).setChain(unlinked);
        cluster.item(2).set(ItemFlag.FEMOD);

        assertThat(ClusterLocking.isUnlinked(cluster)).as("the unlinked chain is not FEMOD").isFalse();
        cluster.item(0).set(ItemFlag.FEMOD);
        assertThat(ClusterLocking.isUnlinked(cluster)).as("FEMOD but no chain").isFalse();
        cluster.item(1).set(ItemFlag.FEMOD);
        assertThat(ClusterLocking.isUnlinked(cluster)).isTrue();
    }

    @Test
    void shouldSetAndClearChainFlagsOnEveryChainFemodOrNot() {
        final Cluster cluster = new Cluster(Pfs.mastersThenSlaves(3, 0));
        cluster.setNchains(3);
        final Chain a = data(0, 64);
        final Chain c = data(2, 64);
        cluster.item(0).setChain(a);
        cluster.item(2).setChain(c);
        cluster.item(0).set(ItemFlag.FEMOD);

        ClusterLocking.setChainFlags(cluster, EnumSet.of(ChainFlag.ONFLUSH, ChainFlag.UNLINKED));
        assertThat(a.flags()).containsExactlyInAnyOrder(ChainFlag.ONFLUSH, ChainFlag.UNLINKED);
        assertThat(c.flags()).containsExactlyInAnyOrder(ChainFlag.ONFLUSH, ChainFlag.UNLINKED);

        ClusterLocking.clrChainFlags(cluster, EnumSet.of(ChainFlag.ONFLUSH));
        assertThat(a.flags()).containsExactly(ChainFlag.UNLINKED);
        assertThat(c.flags()).containsExactly(ChainFlag.UNLINKED);
    }

    @Test
    void shouldAskForAResizeOnlyForUsableFemodChainsOfAnotherSize() {
        final Cluster cluster = new Cluster(Pfs.mastersThenSlaves(3, 0));
        cluster.setNchains(3);
        cluster.setFlags(EnumSet.of(ClusterFlag.LOCKED));
        final Chain notFemod = data(0, 128);
        final Chain errored = data(1, 128);
        errored.setError(ChainError.IO);
        final Chain right = data(2, 64);
        cluster.item(0).setChain(notFemod);
        cluster.item(1).setChain(errored);
        cluster.item(1).set(ItemFlag.FEMOD);
        cluster.item(2).setChain(right);
        cluster.item(2).set(ItemFlag.FEMOD);

        assertThat(ClusterLocking.needResize(cluster, 64).orElseThrow()).isFalse();
        assertThat(ClusterLocking.needResize(cluster, 128).orElseThrow()).isTrue();
        cluster.item(0).set(ItemFlag.FEMOD);
        right.setError(ChainError.IO);
        assertThat(ClusterLocking.needResize(cluster, 64).orElseThrow()).as("slot 0 is now FEMOD").isTrue();
    }

    @Test
    void shouldRefuseTheParentOfAnUnlockedClusterAndSkipEmptySlots() {
        final ClusterFixture f = ClusterFixture.masters(3);
        assertAsserted(ClusterLocking.parent(f.roots()), KernelAssert.NOT_LOCKED);

        final Cluster cparent = f.lockedRoots();
        final Cluster child = f.createData(cparent, 0x10, new byte[] {1});
        child.item(1).setChain(null);
        child.focusOn(2);
        final Chain root2 = f.nodes.node(2).root();
        final int rootRefs = root2.refs();
        final int rootLocks = root2.lockCount();
        final Chain child2 = child.chain(2);
        final int childRefs = child2.refs();
        final int childLocks = child2.lockCount();

        final Cluster parent = ClusterLocking.parent(child).orElseThrow();

        assertThat(root2.refs()).as("the parent cluster holds a reference").isEqualTo(rootRefs + 1);
        assertThat(root2.lockCount()).as("and a lock").isEqualTo(rootLocks + 1);
        assertThat(child2.refs()).isEqualTo(childRefs);
        assertThat(child2.lockCount()).as("the child is relocked").isEqualTo(childLocks);

        assertThat(parent.chain(0)).isSameAs(f.nodes.node(0).root());
        assertThat(parent.chain(1)).isNull();
        assertThat(parent.chain(2)).isSameAs(f.nodes.node(2).root());
        assertThat(parent.has(ClusterFlag.LOCKED)).isTrue();
        assertThat(parent.focusIndex()).as("follows the child's focus").isEqualTo(2);
    }

    @Test
    void shouldCopyNullSlotsAsNull() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster original = f.roots();
        original.item(1).setChain(null);

        final Cluster copy = ClusterLocking.copy(original);

        assertThat(copy.nchains()).isEqualTo(3);
        assertThat(copy.chain(1)).isNull();
        assertThat(copy.chain(2)).isSameAs(f.nodes.node(2).root());
        assertThat(copy.refs()).isEqualTo(1);
        assertThat(copy.pfs()).isSameAs(original.pfs());
    }
}
