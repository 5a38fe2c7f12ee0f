package io.kemu.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.ChainWrite;
import io.kemu.hammer2.replica.NodeStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeChangesTest {
    private final NodeStore store = new NodeStore(0);
    private final List<List<ChainWrite>> persisted = new ArrayList<>();
    private final NodeChanges changes = new NodeChanges(store, persisted::add);

    private static List<ChainWrite> put(long key, long tid) {
        return List.of(new ChainWrite.Put(new ChainImage(new Blockref(BrefType.DATA, key, 0, tid, 0, 0), 64,
                new byte[64])));
    }

    @Test
    void shouldPersistEveryChangeAndTheRevertOfTheLastApply() {
        final List<ChainImage> before = store.dump();

        changes.apply(1, put(0x10, 5));
        changes.revert(1);

        assertThat(store.dump()).isEqualTo(before);
        assertThat(persisted).hasSize(2);
        assertThat(persisted.get(0)).isEqualTo(put(0x10, 5));
    }

    @Test
    void shouldIgnoreARevertOfAnotherOperationOrAfterNewerState() {
        changes.apply(1, put(0x10, 5));
        changes.revert(2);
        changes.install(put(0x10, 7));
        final List<ChainImage> synced = store.dump();

        changes.revert(1);

        assertThat(store.dump()).isEqualTo(synced);
        assertThat(persisted).hasSize(2);
    }

    @Test
    void shouldRevertALateStoreUnderTheOperationAcknowledgedBeforeIt() {
        final List<ChainImage> before = store.dump();
        changes.acknowledgeBeforeStore(3);
        changes.storeLate(put(0x20, 9));

        changes.revert(3);

        assertThat(store.dump()).isEqualTo(before);
    }
}
