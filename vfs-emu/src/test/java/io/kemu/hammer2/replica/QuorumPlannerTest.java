package io.kemu.hammer2.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.cluster.Pfs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import io.kemu.testing.Seeds;

class QuorumPlannerTest {

    @Test
    void shouldWriteToTheQuorumMastersAndSyncTheSlaves() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 2));

        WriteVerdict verdict = c.write(new Mutation.Create(0x10, StoreCluster.data(64, 7)), Set.of());

        assertThat(verdict).isInstanceOfSatisfying(WriteVerdict.Planned.class, p -> {
            assertThat(p.writes()).containsOnlyKeys(0, 1, 2);
            assertThat(p.syncs()).containsOnlyKeys(3, 4);
            assertThat(p.requiredAcks()).isEqualTo(2);
        });
        for (NodeStore store : c.stores) {
            assertThat(store.fetch(0x10).child().modifyTid()).isEqualTo(c.tid);
        }
        assertThat(c.read(0x10, Set.of())).isInstanceOfSatisfying(ReadVerdict.Found.class, f -> {
            assertThat(f.image().modifyTid()).isEqualTo(c.tid);
            assertThat(f.image().data()).isEqualTo(StoreCluster.data(64, 7));
        });
    }

    @Test
    void shouldKeepWritingWithAMinorityOfMastersSilent() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 2));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of());

        WriteVerdict verdict = c.write(new Mutation.Modify(0x10, StoreCluster.data(128, 2)), Set.of(0));

        assertThat(verdict).isInstanceOfSatisfying(WriteVerdict.Planned.class,
                p -> assertThat(p.writes()).containsOnlyKeys(1, 2));
        assertThat(c.read(0x10, Set.of(0))).isInstanceOfSatisfying(ReadVerdict.Found.class, f -> {
            assertThat(f.focusNode()).isEqualTo(1);
            assertThat(f.image().bytes()).as("resized").isEqualTo(128);
        });
    }

    @Test
    void shouldRefuseWritesAndReadsWithAMajorityOfMastersSilent() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 2));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of());
        List<List<ChainImage>> before = c.stores.stream().map(NodeStore::dump).toList();

        WriteVerdict write = c.write(new Mutation.Modify(0x10, StoreCluster.data(64, 2)), Set.of(1, 2));
        ReadVerdict read = c.read(0x10, Set.of(1, 2));

        assertThat(write).isInstanceOfSatisfying(WriteVerdict.Refused.class, r -> assertThat(r.reason())
                .startsWith("write refused: no master quorum: need 2 agreeing masters of pfs_nmasters 3, have 1")
                .contains("unreachable: node 1, 2"));
        assertThat(read).isInstanceOf(ReadVerdict.Refused.class);
        assertThat(c.stores.stream().map(NodeStore::dump).toList()).isEqualTo(before);
    }

    @Test
    void shouldRejectMeaninglessWrites() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 0));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of());

        assertThat(c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of()))
                .isEqualTo(new WriteVerdict.Rejected("element 0x10 already exists"));
        assertThat(c.write(new Mutation.Modify(0x20, StoreCluster.data(64, 1)), Set.of()))
                .isEqualTo(new WriteVerdict.Rejected("element 0x20 does not exist"));
        assertThat(c.write(new Mutation.Delete(0x20), Set.of()))
                .isEqualTo(new WriteVerdict.Rejected("element 0x20 does not exist"));
        assertThat(c.write(new Mutation.Create(0x30, StoreCluster.data(100, 1)), Set.of()))
                .isEqualTo(new WriteVerdict.Rejected("element size 100 is not a power of two in 64..65536"));
    }

    @Test
    void shouldDeleteOnTheQuorumAndReportNotFound() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 1));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of());

        assertThat(c.write(new Mutation.Delete(0x10), Set.of())).isInstanceOf(WriteVerdict.Planned.class);

        assertThat(c.read(0x10, Set.of())).isEqualTo(new ReadVerdict.NotFound(0x10));
        assertThat(c.stores.get(3).fetch(0x10).child()).as("slave synced").isNull();
    }

    @Test
    void shouldFindNodesOutOfSyncWithTheQuorum() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 2));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of());
        c.write(new Mutation.Modify(0x10, StoreCluster.data(64, 2)), Set.of(0, 4));
        c.write(new Mutation.Create(0x20, StoreCluster.data(64, 3)), Set.of(3));

        assertThat(c.planner.outOfSync(0x10, c.views(0x10, Set.of()))).containsExactly(0, 3, 4);
        assertThat(c.planner.outOfSync(0x10, c.views(0x10, Set.of(1, 2)))).isEmpty();
    }

    @Test
    void shouldDecideTheSameWhateverOrderTheRepliesArriveIn() {
        long seed = Seeds.of("QuorumPlannerTest.shouldDecideTheSameWhateverOrderTheRepliesArriveIn", 0x5EED0007L);
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 2));
            for (int op = 0; op < 8; op++) {
                Set<Integer> silent = random.nextInt(3) == 0 ? Set.of(random.nextInt(5)) : Set.of();
                long key = random.nextInt(4);
                Mutation m = switch (random.nextInt(3)) {
                    case 0 -> new Mutation.Create(key, StoreCluster.data(64, op));
                    case 1 -> new Mutation.Modify(key, StoreCluster.data(64 << random.nextInt(2), op));
                    default -> new Mutation.Delete(key);
                };
                c.write(m, silent);
            }
            long key = random.nextInt(4);
            Set<Integer> silent = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                if (random.nextInt(4) == 0) {
                    silent.add(i);
                }
            }
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4));
            Collections.shuffle(order, random);
            GatherRound<FetchReply> shuffled = new GatherRound<>(Set.of(0, 1, 2, 3, 4));
            for (int node : order) {
                if (!silent.contains(node)) {
                    shuffled.accept(node, c.stores.get(node).fetch(key));
                    shuffled.accept(node, c.stores.get(node).fetch(key + 1));
                }
            }
            List<NodeView> views = GatherRound.views(shuffled, 5, Set.of());
            String context = "seed " + seed + " round " + round + " order " + order;
            assertThat(views).as(context).isEqualTo(c.views(key, silent));
            Mutation probe = new Mutation.Modify(key, StoreCluster.data(64, 99));
            assertThat(c.planner.plan(probe, 1000, views)).as(context)
                    .isEqualTo(c.planner.plan(probe, 1000, c.views(key, silent)));
            assertThat(c.planner.read(key, views)).as(context).isEqualTo(c.planner.read(key, c.views(key, silent)));
        }
    }
}
