package io.kemu.hammer2.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainMutator;
import io.kemu.hammer2.chain.InodeDataDescriptor;
import io.kemu.hammer2.chain.LookupFlag;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * hammer2_cluster_lookup/next/next_single_chain beyond a plain iteration: the key to go on from,
 * empty and INVALID parent slots, the ddflag, NOLOCK, and what an advanced slot is checked against.
 */
class ClusterScanRulesTest {

    /** Creates one element on node {@code node} only, under its root, and unlocks it. */
    private static Chain createOn(ClusterFixture f, int node, long key, BrefType type, int bytes) {
        final ChainMutator.Created created = f.nodes.create(f.nodes.node(node).root(), null, 50, key, 0, type, bytes);
        assertThat(created.error()).isZero();
        created.chain().unlock();
        return created.chain();
    }

    @Test
    void shouldReturnTheSmallestNextKeyOfAllSlots() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Cluster cparent = f.lockedRoots();
        createOn(f, 0, 0x10, BrefType.DATA, 64);
        createOn(f, 1, 0x30, BrefType.DATA, 64);

        final ScanStep step = f.scan.lookup(cparent, -1L, 0, -1L, Set.of()).orElseThrow();

        assertThat(step.keyNext()).isEqualTo(0x11L);
        assertThat(step.cluster().focusIndex()).isZero();
        assertThat(step.cluster().item(1).has(ItemFlag.INVALID)).as("another key").isTrue();
        final ScanStep kept = f.scan.lookup(cparent, 0x05, 0x10, 0x10, Set.of()).orElseThrow();
        assertThat(kept.keyNext()).as("already smaller").isEqualTo(0x05L);
    }

    @Test
    void shouldFindNothingWhenEverySlotIsEmptyInvalidOrWithoutAMatch() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cparent = f.lockedRoots();
        final Chain only = createOn(f, 0, 0x10, BrefType.DATA, 64);
        cparent.item(1).setChain(null);
        cparent.item(0).set(ItemFlag.INVALID);
        final int refs = only.refs();

        final ScanStep step = f.scan.lookup(cparent, -1L, 0x10, 0x10, Set.of()).orElseThrow();

        assertThat(step.found()).isFalse();
        assertThat(step.state().focusIndex()).isEqualTo(-1);
        assertThat(step.state().items().get(0)).as("the parent's item flags are copied").contains(ItemFlag.INVALID);
        assertThat(only.refs()).as("an INVALID parent slot is not looked up").isEqualTo(refs);

        cparent.item(0).clear(ItemFlag.INVALID);
        final ScanStep found = f.scan.lookup(cparent, -1L, 0x10, 0x10, Set.of()).orElseThrow();
        assertThat(found.found()).isTrue();
        assertThat(found.cluster().chain(0)).isSameAs(only);
        assertThat(found.cluster().chain(1)).isNull();
        assertThat(found.cluster().chain(2)).isNull();
    }

    @Test
    void shouldTakeTheDdflagFromTheParentsFocusSlot() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Cluster cparent = f.lockedRoots();
        createOn(f, 0, 0x10, BrefType.DATA, InodeDataDescriptor.INODE_BYTES);
        createOn(f, 1, 0x10, BrefType.INODE, InodeDataDescriptor.INODE_BYTES);
        cparent.focusOn(1);

        final ScanStep step = f.lookup(cparent, 0x10);

        assertThat(step.state().focusIndex()).isEqualTo(1);
        assertThat(step.state().ddflag()).isTrue();
        assertThat(step.cluster().item(0).has(ItemFlag.INVALID)).as("not an inode").isTrue();

        cparent.focusOn(0);
        final ScanStep data = f.lookup(cparent, 0x10);
        assertThat(data.state().focusIndex()).isZero();
        assertThat(data.state().ddflag()).isFalse();
        assertThat(data.cluster().item(1).has(ItemFlag.INVALID)).isTrue();
    }

    @Test
    void shouldInvalidateEachKindOfMismatch() {
        final ClusterFixture f = ClusterFixture.masters(5);
        final Cluster cparent = f.lockedRoots();
        final Chain[] chains = new Chain[5];
        for (int i = 0; i < 5; i++) {
            chains[i] = createOn(f, i, 0x10, BrefType.DATA, 64);
        }
        chains[1].setBref(chains[1].bref().withKey(0x10, 1));
        chains[2].setBref(chains[2].bref().withModifyTid(51));
        chains[3].setData(new byte[128], 128);

        final Cluster cluster = f.lookup(cparent, 0x10).cluster();

        assertThat(cluster.item(0).has(ItemFlag.INVALID)).isFalse();
        assertThat(cluster.item(4).has(ItemFlag.INVALID)).isFalse();
        for (int i = 1; i <= 3; i++) {
            assertThat(cluster.item(i).has(ItemFlag.INVALID)).as("slot %d", i).isTrue();
        }
    }

    @Test
    void shouldLeaveChainsUnlockedUnderNolock() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Cluster cparent = f.lockedRoots();
        final Chain a = createOn(f, 0, 0x10, BrefType.DATA, 64);
        final Chain b = createOn(f, 0, 0x20, BrefType.DATA, 64);
        final Chain stale = createOn(f, 1, 0x10, BrefType.DATA, 64);
        stale.setBref(stale.bref().withModifyTid(9));

        final ScanStep step = f.scan.lookup(cparent, 0, 0, -1L, Set.of(LookupFlag.NOLOCK)).orElseThrow();
        assertThat(step.cluster().has(ClusterFlag.LOCKED)).isFalse();
        assertThat(step.cluster().item(1).has(ItemFlag.INVALID)).isTrue();
        assertThat(a.lockCount()).isZero();

        final ScanStep next = f.scan.next(cparent, step.cluster(), 0, 0, -1L, Set.of(LookupFlag.NOLOCK)).orElseThrow();
        assertThat(next.cluster().chain(0)).isSameAs(b);
        assertThat(b.lockCount()).isZero();
        assertThat(next.cluster().chain(1)).as("slot 1 was INVALID: dropped").isNull();
        assertThat(stale.lockCount()).as("dropped without an unlock under NOLOCK").isZero();
    }

    @Test
    void shouldDropAndUnlockTheChainsOfInvalidSlotsOnNext() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cparent = f.lockedRoots();
        createOn(f, 0, 0x10, BrefType.DATA, 64);
        createOn(f, 1, 0x10, BrefType.DATA, 64);
        final Chain stale = createOn(f, 2, 0x10, BrefType.DATA, 64);
        stale.setBref(stale.bref().withModifyTid(7));
        createOn(f, 0, 0x20, BrefType.DATA, 64);
        createOn(f, 1, 0x20, BrefType.DATA, 64);
        createOn(f, 2, 0x20, BrefType.DATA, 64);
        final int refs = stale.refs();

        final ScanStep first = f.scan.lookup(cparent, 0, 0, -1L, Set.of()).orElseThrow();
        assertThat(first.cluster().item(2).has(ItemFlag.INVALID)).isTrue();
        assertThat(stale.lockCount()).isEqualTo(1);
        assertThat(stale.refs()).isEqualTo(refs + 1);

        final ScanStep second = f.scan.next(cparent, first.cluster(), 0, 0, -1L, Set.of()).orElseThrow();

        assertThat(stale.lockCount()).isZero();
        assertThat(stale.refs()).isEqualTo(refs);
        assertThat(second.cluster().chain(2)).isNull();
        assertThat(second.cluster().chain(0).bref().key()).isEqualTo(0x20L);
        assertThat(second.keyNext()).as("no smaller key than the one given").isZero();

        final ScanStep end = f.scan.next(cparent, second.cluster(), -1L, 0, -1L, Set.of()).orElseThrow();
        assertThat(end.found()).isFalse();
        assertThat(end.keyNext()).as("past the end of the key space").isZero();
    }

    @Test
    void shouldClearTheDdflagWhenNextFindsNothing() {
        final ClusterFixture f = ClusterFixture.masters(1);
        final Cluster cparent = f.lockedRoots();
        createOn(f, 0, 0x10, BrefType.INODE, InodeDataDescriptor.INODE_BYTES);

        final ScanStep first = f.scan.lookup(cparent, 0, 0, -1L, Set.of()).orElseThrow();
        assertThat(first.state().ddflag()).isTrue();
        final ScanStep end = f.scan.next(cparent, first.cluster(), 0, 0, -1L, Set.of()).orElseThrow();

        assertThat(end.found()).isFalse();
        assertThat(end.state().ddflag()).isFalse();
        assertThat(end.state().focusIndex()).isEqualTo(-1);
    }

    @Test
    void shouldCountEmptySlotsOnNextAndStopWhenAllAreEmpty() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cparent = f.lockedRoots();
        createOn(f, 0, 0x10, BrefType.DATA, 64);
        createOn(f, 2, 0x10, BrefType.DATA, 64);
        createOn(f, 2, 0x20, BrefType.DATA, 64);

        final ScanStep first = f.scan.lookup(cparent, 0, 0, -1L, Set.of()).orElseThrow();
        assertThat(first.cluster().chain(1)).isNull();
        final ScanStep second = f.scan.next(cparent, first.cluster(), 0, 0, -1L, Set.of()).orElseThrow();
        assertThat(second.found()).isTrue();
        assertThat(second.cluster().chain(2).bref().key()).isEqualTo(0x20L);
        assertThat(second.state().focusIndex()).isEqualTo(2);
        final ScanStep third = f.scan.next(cparent, second.cluster(), 0, 0, -1L, Set.of()).orElseThrow();
        assertThat(third.found()).isFalse();
    }

    @Test
    void shouldClearInvalidOnTheAdvancedSlotWhenItNowMatchesTheFocus() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Cluster cparent = f.lockedRoots();
        createOn(f, 1, 0x08, BrefType.DATA, 64);
        createOn(f, 0, 0x10, BrefType.DATA, 64);
        createOn(f, 1, 0x10, BrefType.DATA, 64);
        final Cluster cluster = f.scan.lookup(cparent, 0, 0, -1L, Set.of()).orElseThrow().cluster();
        assertThat(cluster.focusIndex()).isZero();
        assertThat(cluster.item(1).has(ItemFlag.INVALID)).isTrue();

        final long keyNext = f.scan.nextSingleChain(cparent, cluster, -1L, 0, -1L, 1, Set.of()).orElseThrow();

        assertThat(keyNext).isEqualTo(0x11L);
        assertThat(cluster.chain(1).bref().key()).isEqualTo(0x10L);
        assertThat(cluster.item(1).has(ItemFlag.INVALID)).isFalse();
        assertThat(f.scan.nextSingleChain(cparent, cluster, 0x05, 0, 0x7F, 1, Set.of()).orElseThrow())
                .as("nothing left on slot 1; the given key is smaller").isEqualTo(0x05L);
        assertThat(cluster.chain(1)).isNull();
        assertThat(f.scan.nextSingleChain(cparent, cluster, 0x33, 0, -1L, 1, Set.of()).orElseThrow())
                .as("an empty slot stays empty").isEqualTo(0x33L);
    }
}
