package io.kemu.hammer2.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.cluster.Pfs;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResyncAndStoreTest {

    @Test
    void shouldRevertAnApplyExactly() {
        NodeStore store = new NodeStore(0);
        store.install(List.of(new ChainWrite.Put(image(0x10, 5, 1)), new ChainWrite.Put(image(0x20, 5, 2))));
        List<ChainImage> before = store.dump();

        NodeStore.Undo undo = store.apply(List.of(new ChainWrite.Put(image(0x10, 9, 3)), new ChainWrite.Remove(0x20),
                new ChainWrite.Put(image(0x30, 9, 4))));
        assertThat(store.dump()).isNotEqualTo(before);
        store.revert(undo);

        assertThat(store.dump()).isEqualTo(before);
    }

    @Test
    void shouldBringAStaleMasterToTheQuorumIncludingDroppingWhatTheQuorumDoesNotHave() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 1));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of());
        c.write(new Mutation.Create(0x20, StoreCluster.data(64, 2)), Set.of(2));
        c.write(new Mutation.Modify(0x10, StoreCluster.data(64, 3)), Set.of(2));
        c.write(new Mutation.Delete(0x10), Set.of(2));
        c.stores.get(2).install(List.of(new ChainWrite.Put(image(0x99, 500, 9))));

        ResyncPlanner.Verdict verdict = new ResyncPlanner(c.pfs).plan(c.dumps(Set.of(0, 1, 3)), 2, c.stores.get(2).dump());

        assertThat(verdict).isInstanceOf(ResyncPlanner.Verdict.Plan.class);
        c.stores.get(2).install(((ResyncPlanner.Verdict.Plan) verdict).writes());
        assertThat(c.stores.get(2).dump()).isEqualTo(c.stores.get(0).dump());
    }

    @Test
    void shouldIgnoreAnElementOnlyAStaleSlaveStillHolds() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 2));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of());
        c.write(new Mutation.Delete(0x10), Set.of(4));

        ResyncPlanner.Verdict verdict = new ResyncPlanner(c.pfs).plan(c.dumps(Set.of(0, 1, 3, 4)), 2, c.stores.get(2).dump());

        assertThat(verdict).isInstanceOf(ResyncPlanner.Verdict.Plan.class);
        c.stores.get(2).install(((ResyncPlanner.Verdict.Plan) verdict).writes());
        assertThat(c.stores.get(2).dump()).isEqualTo(c.stores.get(0).dump());
    }

    @Test
    void shouldRefuseWhenTheNewestRootIsHeldByOneMasterOnly() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 0));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of(2));

        ResyncPlanner.Verdict verdict = new ResyncPlanner(c.pfs).plan(c.dumps(Set.of(0)), 2, c.stores.get(2).dump());

        assertThat(verdict).isEqualTo(new ResyncPlanner.Verdict.Refused("no quorum on the PFS root among nodes [0, 2]"));
    }

    @Test
    void shouldCountTheStaleNodesOwnCopyTowardsTheQuorum() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 0));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of(2));

        ResyncPlanner.Verdict verdict = new ResyncPlanner(c.pfs).plan(c.dumps(Set.of(0, 2)), 1, c.stores.get(1).dump());

        assertThat(verdict).isEqualTo(new ResyncPlanner.Verdict.Plan(List.of()));
    }

    @Test
    void shouldPlanNothingForANodeAlreadyInSync() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 0));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of());

        assertThat(new ResyncPlanner(c.pfs).plan(c.dumps(Set.of(0, 1)), 2, c.stores.get(2).dump()))
                .isEqualTo(new ResyncPlanner.Verdict.Plan(List.of()));
    }

    @Test
    void shouldRefuseToResyncFromLessThanAQuorum() {
        StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(3, 1));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of(2));

        ResyncPlanner.Verdict verdict = new ResyncPlanner(c.pfs).plan(c.dumps(Set.of(0, 3)), 2, c.stores.get(2).dump());

        assertThat(verdict).isEqualTo(new ResyncPlanner.Verdict.Refused("no quorum on the PFS root among nodes [0, 2, 3]"));
    }

    private static ChainImage image(long key, long tid, int fill) {
        return new ChainImage(new Blockref(BrefType.DATA, key, 0, tid, 0, 0),
                64, StoreCluster.data(64, fill));
    }
}
