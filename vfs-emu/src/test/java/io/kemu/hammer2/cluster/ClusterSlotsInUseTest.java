package io.kemu.hammer2.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainError;
import io.kemu.hammer2.chain.ChainFlag;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every cluster loop runs over the first {@code nchains} items only: a slot past them, even one still
 * holding a FEMOD chain (as after a cluster shrank), is never looked at or changed.
 */
class ClusterSlotsInUseTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldNotTouchAChainPastTheSlotsInUse() {
        final ClusterFixture f = ClusterFixture.masters(3);
        final Cluster cparent = f.lockedRoots();
        final Cluster cluster = f.createData(cparent, 0x10, HELLO);
        final Chain ghost = cluster.chain(2);
        final long ghostTid = ghost.bref().modifyTid();
        cluster.setNchains(2);
        assertThat(cluster.item(2).has(ItemFlag.FEMOD)).isTrue();
        ghost.setFlags(EnumSet.of(ChainFlag.UNLINKED));

        assertThat(cluster.chains()).hasSize(2);
        assertThat(ClusterLocking.isUnlinked(cluster)).isFalse();

        ghost.setData(new byte[512], 512);
        assertThat(ClusterLocking.needResize(cluster, 1024).orElseThrow()).isFalse();

        f.modify.setflush(cluster);
        assertThat(ghost.hasFlag(ChainFlag.ONFLUSH)).isFalse();

        ghost.setBref(ghost.bref().withMethods(0x05));
        assertThat(f.modify.setMethodCheck(cluster, 2).orElseThrow()).isSameAs(cluster);
        assertThat(ghost.bref().methods()).isEqualTo(0x05);
        assertThat(cluster.chain(1).bref().methods()).isEqualTo(0x20);

        assertThat(f.modify.rename(f.nextTransaction(), null, cparent, cluster).orElseThrow()).isSameAs(cluster);
        assertThat(ghost.bref().modifyTid()).isEqualTo(ghostTid);

        final Cluster twoParents = f.lockedRoots();
        twoParents.setNchains(2);
        f.modify.resize(f.nextTransaction(), twoParents, cluster, 11).orElseThrow();
        assertThat(ghost.bytes()).isEqualTo(512);
        assertThat(cluster.chain(1).bytes()).isEqualTo(2048);

        assertThat(f.modify.delete(f.nextTransaction(), cparent, cluster)).isEqualTo(2);
        assertThat(ghost.hasFlag(ChainFlag.DELETED)).isFalse();
        assertThat(cluster.item(2).has(ItemFlag.INVALID)).isFalse();
    }

    @Test
    void shouldLoadOnlyFromTheSlotsInUse() throws Exception {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Cluster cluster = new Cluster(f.pfs);
        cluster.setNchains(1);
        final Chain broken = new Chain(0, Blockref.of(BrefType.DATA, 1, 0), 4);
        broken.setError(ChainError.IO);
        cluster.item(0).setChain(broken);
        final Chain ghost = new Chain(1, Blockref.of(BrefType.DATA, 1, 0), 4);
        ghost.setData(new byte[4], 4);
        cluster.item(1).setChain(ghost);

        assertThat(ClusterIo.loadAsync(cluster, f.nodes).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();

        cluster.item(0).setChain(null);
        assertThat(ClusterIo.loadAsync(cluster, f.nodes).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void shouldPreferResidentDataToAReadAndReadAChainNotLoaded() throws Exception {
        final ClusterFixture f = ClusterFixture.masters(2);
        final Cluster cluster = new Cluster(f.pfs);
        cluster.setNchains(2);
        final Chain notLoaded = new Chain(0, Blockref.of(BrefType.DATA, 1, 0), 4);
        final Chain resident = new Chain(1, Blockref.of(BrefType.DATA, 1, 0), 4);
        resident.setData(new byte[] {1, 2, 3, 4}, 4);
        cluster.item(0).setChain(notLoaded);
        cluster.item(1).setChain(resident);

        final Optional<LoadedData> loaded = ClusterIo.loadAsync(cluster, f.nodes).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(loaded).map(LoadedData::slot).contains(1);
        assertThat(loaded.get().data()).containsExactly(1, 2, 3, 4);

        final Chain erroredButLoaded = new Chain(1, Blockref.of(BrefType.DATA, 1, 0), 4);
        erroredButLoaded.setData(new byte[4], 4);
        erroredButLoaded.setError(ChainError.CHECK);
        cluster.item(1).setChain(erroredButLoaded);
        final Optional<LoadedData> read = ClusterIo.loadAsync(cluster, f.nodes).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(read).map(LoadedData::slot).as("read from slot 0, not loaded").contains(0);
        assertThat(read.get().data()).hasSize(4);
    }

    @Test
    void shouldRefuseRdataWithoutAFocus() {
        final ClusterFixture f = ClusterFixture.masters(2);

        assertThat(ClusterIo.rdata(f.roots())).isInstanceOfSatisfying(Outcome.Asserted.class,
                a -> assertThat(a.reason()).isEqualTo(KernelAssert.NO_FOCUS));
    }

    @Test
    void shouldKeepTheKernelsCodesAndBits() {
        assertThat(PfsType.MASTER.code()).isEqualTo(0x06);
        assertThat(PfsType.SUPROOT.code()).isEqualTo(0x08);
        assertThat(ClusterFlag.LOCKED.bit()).isEqualTo(0x04);
        assertThat(ClusterFlag.SSYNCED.bit()).isEqualTo(0x00020000);
    }

    @Test
    void shouldCountAnErroredMasterAmongTheMasters() {
        final Resolution r = ClusterResolver.resolve(new ResolveInput(2, java.util.List.of(
                new ResolveInput.Slot(PfsType.MASTER, true, 5, ChainError.IO, false),
                new ResolveInput.Slot(PfsType.MASTER, true, 5, 0, false)), -1, java.util.Set.of())).orElseThrow();

        assertThat(r.flags()).doesNotContain(ClusterFlag.NOHARD, ClusterFlag.MSYNCED);
        assertThat(r.error()).isEqualTo(ChainError.IO);
    }
}
