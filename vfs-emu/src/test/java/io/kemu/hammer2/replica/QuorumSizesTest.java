package io.kemu.hammer2.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.cluster.Pfs;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The quorum rule ({@code pfs_nmasters / 2 + 1}) for every cluster size the kernel allows, odd and
 * even: with k of n masters silent the planner must plan a write, and answer a read, exactly when
 * n - k reaches the quorum, and refuse both otherwise. Even sizes are the ones a wrong rounding
 * ({@code (n + 1) / 2}) gets wrong: a lone master of two would acknowledge.
 */
class QuorumSizesTest {
    private static final int[] QUORUM_OF = {0, 1, 2, 2, 3, 3, 4, 4, 5};

    @Test
    void shouldNeedAStrictMajorityOfTheConfiguredMasters() {
        for (int n = 1; n <= 8; n++) {
            assertThat(Pfs.mastersThenSlaves(n, 0).quorum()).as("quorum of %d masters", n).isEqualTo(QUORUM_OF[n]);
        }
    }

    @Test
    void shouldPlanWritesExactlyWhileAQuorumOfMastersAnswers() {
        for (int n = 1; n <= 8; n++) {
            for (int silentMasters = 0; silentMasters <= n; silentMasters++) {
                checkWithSilentMasters(n, silentMasters);
            }
        }
    }

    private static void checkWithSilentMasters(int n, int silentMasters) {
        final StoreCluster c = new StoreCluster(Pfs.mastersThenSlaves(n, n < 8 ? 1 : 0));
        c.write(new Mutation.Create(0x10, StoreCluster.data(64, 1)), Set.of());
        final Set<Integer> silent = new HashSet<>();
        for (int m = 0; m < silentMasters; m++) {
            silent.add(m);
        }
        final String what = n + " masters, " + silentMasters + " silent";

        final WriteVerdict write = c.write(new Mutation.Modify(0x10, StoreCluster.data(64, 2)), silent);
        final ReadVerdict read = c.read(0x10, silent);

        if (n - silentMasters >= QUORUM_OF[n]) {
            assertThat(write).as(what).isInstanceOfSatisfying(WriteVerdict.Planned.class, p -> {
                assertThat(p.requiredAcks()).as(what).isEqualTo(QUORUM_OF[n]);
                assertThat(p.writes()).as(what).hasSize(n - silentMasters);
            });
            assertThat(read).as(what).isInstanceOfSatisfying(ReadVerdict.Found.class,
                    f -> assertThat(f.image().data()).isEqualTo(StoreCluster.data(64, 2)));
        } else {
            assertThat(write).as(what).isInstanceOfSatisfying(WriteVerdict.Refused.class, r -> assertThat(r.reason())
                    .contains("need " + QUORUM_OF[n] + " agreeing masters of pfs_nmasters " + n
                            + ", have " + (n - silentMasters)));
            assertThat(read).as(what).isInstanceOf(ReadVerdict.Refused.class);
        }
    }
}
