package io.kemu.hammer2.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainError;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cluster's value types: their limits, what they copy, and how a kernel assertion reads. */
class ClusterValuesTest {

    private static Chain chain(int node, long modifyTid) {
        return new Chain(node, new Blockref(BrefType.DATA, 0x10, 0, modifyTid, 0, 0), 64);
    }

    @Test
    void shouldTakeOneToEightSlotsAndAByteOfMasters() {
        assertThat(new Pfs(List.of(PfsType.MASTER), 0).slots()).isEqualTo(1);
        assertThat(new Pfs(List.of(PfsType.MASTER), 255).nmasters()).isEqualTo(255);
        assertThat(Pfs.mastersThenSlaves(5, 3).slots()).isEqualTo(Cluster.MAX_CLUSTER);
        assertThatThrownBy(() -> new Pfs(List.of(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 0");
        assertThatThrownBy(() -> Pfs.mastersThenSlaves(5, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 9");
        assertThatThrownBy(() -> new Pfs(List.of(PfsType.MASTER), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pfs(List.of(PfsType.MASTER), 256)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
    }

    @Test
    void shouldNeedAStrictMajorityOfTheConfiguredMasters() {
        final int[] quorum = {1, 1, 2, 2, 3, 3, 4, 4, 5};
        for (int n = 0; n <= 8; n++) {
            assertThat(new Pfs(List.of(PfsType.MASTER), n).quorum()).as("%d masters", n).isEqualTo(quorum[n]);
        }
    }

    @Test
    void shouldPutTheMastersFirst() {
        final Pfs pfs = Pfs.mastersThenSlaves(2, 1);

        assertThat(pfs.types()).containsExactly(PfsType.MASTER, PfsType.MASTER, PfsType.SLAVE);
        assertThat(pfs.type(1)).isEqualTo(PfsType.MASTER);
        assertThat(pfs.type(2)).isEqualTo(PfsType.SLAVE);
        assertThat(pfs.nmasters()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAResolveInputThatNoClusterCanHave() {
        final ResolveInput.Slot m = new ResolveInput.Slot(PfsType.MASTER, true, 1, 0, false);
        final List<ResolveInput.Slot> nine = List.of(m, m, m, m, m, m, m, m, m);
        final List<ResolveInput.Slot> two = List.of(m, ResolveInput.Slot.empty(PfsType.SLAVE));

        assertThatThrownBy(() -> new ResolveInput(1, nine, -1, Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("9 slots, at most 8");
        assertThat(new ResolveInput(1, nine.subList(0, 8), 7, Set.of()).focusIndex()).isEqualTo(7);
        assertThat(new ResolveInput(1, two, 0, Set.of()).focusIndex()).isZero();
        assertThat(new ResolveInput(1, two, -1, Set.of()).focusIndex()).isEqualTo(-1);
        assertThatThrownBy(() -> new ResolveInput(1, two, -2, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResolveInput(1, two, 2, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResolveInput(1, two, 1, Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("focus 1 is not a slot holding a chain");
        assertThatThrownBy(() -> new ResolveInput.Slot(null, true, 1, 0, false)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldReadEverySlotOfAClusterIntoTheResolverInput() {
        final Cluster cluster = new Cluster(Pfs.mastersThenSlaves(2, 2));
        cluster.setNchains(4);
        final Chain a = chain(0, 7);
        final Chain b = chain(1, 9);
        b.setError(ChainError.IO);
        final Chain d = chain(3, 11);
        cluster.item(0).setChain(a);
        cluster.item(1).setChain(b);
        cluster.item(3).setChain(d);
        cluster.item(3).set(ItemFlag.INVALID);
        cluster.focusOn(3);
        cluster.setFlags(EnumSet.of(ClusterFlag.LOCKED, ClusterFlag.UNSOFT));

        final ResolveInput in = ResolveInput.of(cluster);

        assertThat(in.nmasters()).isEqualTo(2);
        assertThat(in.focusIndex()).isEqualTo(3);
        assertThat(in.flags()).containsExactlyInAnyOrder(ClusterFlag.LOCKED, ClusterFlag.UNSOFT);
        assertThat(in.slots()).containsExactly(
                new ResolveInput.Slot(PfsType.MASTER, true, 7, 0, false),
                new ResolveInput.Slot(PfsType.MASTER, true, 9, ChainError.IO, false),
                ResolveInput.Slot.empty(PfsType.SLAVE),
                new ResolveInput.Slot(PfsType.SLAVE, true, 11, 0, true));

        cluster.clearFocus();
        assertThat(ResolveInput.of(cluster).focusIndex()).as("no focus").isEqualTo(-1);
    }

    @Test
    void shouldKeepTheSlotCountWithinTheCluster() {
        final Cluster cluster = new Cluster(Pfs.mastersThenSlaves(1, 0));
        cluster.setNchains(0);
        cluster.setNchains(Cluster.MAX_CLUSTER);
        assertThat(cluster.nchains()).isEqualTo(8);
        assertThat(cluster.chains()).hasSize(8).containsOnlyNulls();
        assertThatThrownBy(() -> cluster.setNchains(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cluster.setNchains(9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nchains 9 outside 0..8");
        assertThat(cluster.refs()).isEqualTo(1);
        assertThatThrownBy(() -> new Cluster(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldPictureTheFocusFlagsAndItemFlagsOfTheUsedSlots() {
        final Cluster cluster = new Cluster(Pfs.mastersThenSlaves(3, 0));
        cluster.setNchains(2);
        cluster.item(0).setChain(chain(0, 1));
        cluster.item(1).setChain(chain(1, 1));
        cluster.item(1).set(ItemFlag.FEMOD);
        cluster.item(2).set(ItemFlag.INVALID);
        cluster.setError(5);
        cluster.setDdflag(true);

        assertThat(cluster.snapshot()).isEqualTo(new ClusterState(-1, 5, true, Set.of(),
                List.of(Set.of(), Set.of(ItemFlag.FEMOD))));
        cluster.focusOn(1);
        cluster.setFlags(EnumSet.of(ClusterFlag.LOCKED));
        assertThat(cluster.snapshot().focusIndex()).isEqualTo(1);
        assertThat(cluster.snapshot().flags()).containsExactly(ClusterFlag.LOCKED);
        assertThat(cluster.focus()).isSameAs(cluster.chain(1));
        cluster.clearFocus();
        assertThat(cluster.focus()).isNull();
        assertThat(cluster.focusIndex()).isZero();
        cluster.clearFlags(EnumSet.of(ClusterFlag.LOCKED));
        assertThat(cluster.flags()).isEmpty();
        assertThat(cluster.checkInvariants()).isTrue();
    }

    @Test
    void shouldCopyItemFlagsLikeTheKernelsAssignment() {
        final ClusterItem from = new ClusterItem();
        from.set(ItemFlag.INVALID);
        final ClusterItem to = new ClusterItem();
        to.set(ItemFlag.FEMOD);

        to.copyFlagsFrom(from);

        assertThat(to.flags()).containsExactly(ItemFlag.INVALID);
        to.clear(ItemFlag.INVALID);
        assertThat(to.flags()).isEmpty();
        assertThat(from.has(ItemFlag.INVALID)).isTrue();
    }

    @Test
    void shouldNameTheAssertionWhenAskedForTheValueOfOne() {
        final Outcome<Integer> asserted = new Outcome.Asserted<>(KernelAssert.NO_REFS, "drop of nothing");
        final Outcome<Integer> done = Outcome.done(3);

        assertThat(done.isDone()).isTrue();
        assertThat(done.orElseThrow()).isEqualTo(3);
        assertThat(asserted.isDone()).isFalse();
        assertThatThrownBy(asserted::orElseThrow).isInstanceOf(IllegalStateException.class)
                .hasMessage("kernel assertion NO_REFS: drop of nothing");
        assertThat(Outcome.trap(() -> {
            KernelPanic.check(false, KernelAssert.NO_FOCUS, "none");
            return 1;
        })).isEqualTo(new Outcome.Asserted<Integer>(KernelAssert.NO_FOCUS, "none"));
        assertThat(Outcome.trap(() -> KernelPanic.unwrap(asserted)))
                .isEqualTo(new Outcome.Asserted<Integer>(KernelAssert.NO_REFS, "drop of nothing"));
        assertThatThrownBy(() -> new Outcome.Asserted<Integer>(null, "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldTellFemodSlotsByTheirBits() {
        final Resolution r = new Resolution(0, 0, Set.of(), 0b1010_0001);

        assertThat(r.isFemod(0)).isTrue();
        assertThat(r.isFemod(1)).isFalse();
        assertThat(r.isFemod(5)).isTrue();
        assertThat(r.isFemod(7)).isTrue();
        assertThat(r.isFemod(6)).isFalse();
    }
}
