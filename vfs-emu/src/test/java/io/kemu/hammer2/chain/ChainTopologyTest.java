package io.kemu.hammer2.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import io.kemu.testing.Seeds;

class ChainTopologyTest {
    private final ChainTopology topology =
            new ChainTopology(0, new Blockref(BrefType.INODE, 0, Blockref.MAX_KEYBITS, 1, 0, 0), 1024);

    private Chain create(long key, int keybits) {
        ChainMutator.Created created = topology.create(topology.root(), null, 5, key, keybits, BrefType.DATA, 1024);
        assertThat(created.error()).isZero();
        return created.chain();
    }

    @Test
    void shouldFindTheChainWhoseRangeOverlapsTheLookupRange() {
        Chain wide = create(0x100, 8);
        create(0x300, 0);

        ChainLookup inside = topology.lookup(topology.root(), 0x1ff, 0x1ff, Set.of());
        ChainLookup after = topology.lookup(topology.root(), 0x200, -1L, Set.of());
        ChainLookup none = topology.lookup(topology.root(), 0x301, 0x400, Set.of());

        assertThat(inside.chain()).isSameAs(wide);
        assertThat(inside.keyNext()).isEqualTo(0x200L);
        assertThat(after.chain().bref().key()).isEqualTo(0x300L);
        assertThat(none.chain()).isNull();
        assertThat(none.keyNext()).isEqualTo(0x401L);
    }

    @Test
    void shouldOrderKeysUnsigned() {
        create(-2L, 0);
        create(1, 0);

        ChainLookup first = topology.lookup(topology.root(), 0, -1L, Set.of());
        ChainLookup second = topology.next(topology.root(), first.chain(), 0, -1L, Set.of());
        ChainLookup end = topology.next(topology.root(), second.chain(), 0, -1L, Set.of());

        assertThat(first.chain().bref().key()).isEqualTo(1L);
        assertThat(second.chain().bref().key()).isEqualTo(-2L);
        assertThat(end.chain()).isNull();
    }

    @Test
    void shouldRefuseOverlappingCreatesWithEexist() {
        create(0x100, 8);

        assertThat(topology.create(topology.root(), null, 6, 0x180, 0, BrefType.DATA, 1024).error())
                .isEqualTo(ChainTopology.EEXIST);
        assertThat(topology.create(topology.root(), null, 6, 0x0, 65, BrefType.DATA, 1024).error())
                .isEqualTo(ChainTopology.EINVAL);
    }

    @Test
    void shouldModifyTheParentWhenChildrenAreCreatedOrDeleted() {
        Chain chain = create(0x10, 0);
        assertThat(topology.root().bref().modifyTid()).isEqualTo(5L);

        topology.delete(topology.root(), chain, 8);

        assertThat(topology.root().bref().modifyTid()).isEqualTo(8L);
        assertThat(chain.hasFlag(ChainFlag.DELETED)).isTrue();
        assertThat(chain.parent()).isNull();
        assertThat(topology.childrenOf(topology.root())).isEmpty();
    }

    @Test
    void shouldRejectAChainOfAnotherNode() {
        Chain foreign = new Chain(1, Blockref.of(BrefType.DATA, 0, 0), 0);
        assertThatThrownBy(() -> topology.modify(foreign, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to node 0");
    }

    @Test
    void shouldIterateEveryKeyExactlyOnceOverRandomTrees() {
        long seed = Seeds.of("ChainTopologyTest.shouldIterateEveryKeyExactlyOnceOverRandomTrees", 0x5EED0006L);
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            ChainTopology t = new ChainTopology(0, Blockref.of(BrefType.INODE, 0, 64), 1024);
            TreeSet<Long> keys = new TreeSet<>(Long::compareUnsigned);
            for (int i = 0; i < 40; i++) {
                long key = random.nextBoolean() ? random.nextLong() : random.nextInt(1000);
                if (t.create(t.root(), null, 2, key, 0, BrefType.DATA, 64).error() == 0) {
                    keys.add(key);
                }
            }
            List<Long> seen = new ArrayList<>();
            ChainLookup step = t.lookup(t.root(), 0, -1L, Set.of());
            while (step.chain() != null) {
                seen.add(step.chain().bref().key());
                step = t.next(t.root(), step.chain(), 0, -1L, Set.of());
            }
            assertThat(seen).as("seed " + seed + " round " + round).containsExactlyElementsOf(keys);
        }
    }
}
