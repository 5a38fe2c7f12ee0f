package io.kemu.hammer2.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import io.kemu.testing.Seeds;

class ClusterResolverTest {

    private static ResolveInput.Slot master(long tid) {
        return new ResolveInput.Slot(PfsType.MASTER, true, tid, 0, false);
    }

    private static Resolution resolve(int nmasters, int focus, Set<ClusterFlag> pre, ResolveInput.Slot... slots) {
        return ClusterResolver.resolve(new ResolveInput(nmasters, List.of(slots), focus, pre)).orElseThrow();
    }

    @Test
    void shouldCountTheQuorumOnlyAtTheHighestMasterTid() {
        Resolution r = resolve(3, -1, Set.of(), master(90), master(100), master(90));

        assertThat(r.flags()).doesNotContain(ClusterFlag.WRHARD, ClusterFlag.RDHARD).contains(ClusterFlag.UNHARD);
        assertThat(r.focusIndex()).isEqualTo(-1);
        assertThat(r.femodSlots()).isZero();
    }

    @Test
    void shouldCompareTidsUnsigned() {
        Resolution r = resolve(3, -1, Set.of(), master(-1L), master(5), master(-1L));

        assertThat(r.flags()).contains(ClusterFlag.WRHARD);
        assertThat(r.isFemod(0)).isTrue();
        assertThat(r.isFemod(1)).isFalse();
        assertThat(r.isFemod(2)).isTrue();
    }

    @Test
    void shouldKeepAnErroredFocusAndItsErrorOnReresolve() {
        Resolution r = resolve(2, 0, Set.of(),
                new ResolveInput.Slot(PfsType.MASTER, true, 100, 1, false), master(100), master(100));

        assertThat(r.focusIndex()).isZero();
        assertThat(r.error()).isEqualTo(1);
        assertThat(r.flags()).contains(ClusterFlag.WRHARD);
    }

    @Test
    void shouldLeaveStickyFlagsAndClearOnlyTheSixZflags() {
        Resolution r = resolve(2, -1, EnumSet.of(ClusterFlag.UNHARD, ClusterFlag.NOHARD, ClusterFlag.WRSOFT,
                ClusterFlag.LOCKED), master(1), master(1));

        assertThat(r.flags()).contains(ClusterFlag.UNHARD, ClusterFlag.NOHARD, ClusterFlag.LOCKED)
                .doesNotContain(ClusterFlag.WRSOFT);
    }

    @Test
    void shouldReportADuplicateSoftMasterAsATypedAssertion() {
        Outcome<Resolution> outcome = ClusterResolver.resolve(new ResolveInput(1, List.of(
                new ResolveInput.Slot(PfsType.SOFT_MASTER, true, 1, 0, false),
                new ResolveInput.Slot(PfsType.SOFT_MASTER, true, 1, 0, true)), -1, Set.of()));

        assertThat(outcome).isEqualTo(new Outcome.Asserted<Resolution>(KernelAssert.DUP_SOFT_MASTER,
                "slot 1 is a second soft master"));
    }

    /**
     * Properties of the kernel's resolution over random clusters: it is a pure function; FEMOD
     * only lands on usable slots; a master with FEMOD means at least Q masters agree at its tid;
     * the focus is a present slot; sticky flags survive.
     */
    @Test
    void shouldKeepResolutionInvariantsOverRandomClusters() {
        long seed = Seeds.of("ClusterResolverTest.shouldKeepResolutionInvariantsOverRandomClusters", 0x5EED0008L);
        Random random = new Random(seed);
        for (int round = 0; round < 20_000; round++) {
            ResolveInput input = randomInput(random);
            Outcome<Resolution> first = ClusterResolver.resolve(input);
            String context = "seed " + seed + " round " + round + " input " + input;
            assertThat(ClusterResolver.resolve(input)).as(context).isEqualTo(first);
            if (!(first instanceof Outcome.Done<Resolution> done)) {
                continue;
            }
            Resolution r = done.value();
            for (int i = 0; i < input.slots().size(); i++) {
                ResolveInput.Slot slot = input.slots().get(i);
                if (r.isFemod(i)) {
                    assertThat(slot.present() && slot.error() == 0).as(context).isTrue();
                    if (slot.type() == PfsType.MASTER) {
                        long agreeing = input.slots().stream().filter(s -> s.present() && s.error() == 0
                                && !s.invalid() && s.type() == PfsType.MASTER && s.modifyTid() == slot.modifyTid())
                                .count();
                        assertThat(agreeing).as(context).isGreaterThanOrEqualTo(input.nmasters() / 2 + 1);
                    }
                }
            }
            if (r.focusIndex() >= 0) {
                assertThat(input.slots().get(r.focusIndex()).present()).as(context).isTrue();
            }
            for (ClusterFlag sticky : List.of(ClusterFlag.UNHARD, ClusterFlag.NOHARD, ClusterFlag.UNSOFT,
                    ClusterFlag.NOSOFT, ClusterFlag.LOCKED)) {
                if (input.flags().contains(sticky)) {
                    assertThat(r.flags()).as(context).contains(sticky);
                }
            }
        }
    }

    private static ResolveInput randomInput(Random random) {
        int n = 1 + random.nextInt(8);
        PfsType[] types = PfsType.values();
        List<ResolveInput.Slot> slots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PfsType type = random.nextInt(3) == 0 ? types[random.nextInt(types.length)]
                    : (random.nextBoolean() ? PfsType.MASTER : PfsType.SLAVE);
            long tid = random.nextInt(4) == 0 ? random.nextLong() : 100 + random.nextInt(3);
            slots.add(new ResolveInput.Slot(type, random.nextInt(5) != 0, tid,
                    random.nextInt(6) == 0 ? 1 + random.nextInt(4) : 0, random.nextInt(6) == 0));
        }
        int focus = -1;
        if (random.nextInt(4) == 0) {
            int candidate = random.nextInt(n);
            focus = slots.get(candidate).present() ? candidate : -1;
        }
        EnumSet<ClusterFlag> pre = EnumSet.noneOf(ClusterFlag.class);
        for (ClusterFlag flag : ClusterFlag.values()) {
            if (random.nextInt(5) == 0) {
                pre.add(flag);
            }
        }
        return new ResolveInput(random.nextInt(6), slots, focus, pre);
    }
}
