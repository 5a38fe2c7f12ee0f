package io.kemu.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.replica.ReadVerdict;
import io.kemu.hammer2.replica.WriteVerdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterResultsTest {

    @Test
    void shouldAnswerAReadThatFoundNoQuorumAsRefusedAndAMissingElementAsNotFound() {
        assertThat(ClusterResults.ofRead(7, new ReadVerdict.Refused("no quorum")))
                .isEqualTo(new ClusterResult.Refused("no quorum"));
        assertThat(ClusterResults.ofRead(7, new ReadVerdict.NotFound(7))).isEqualTo(new ClusterResult.NotFound(7));
    }

    @Test
    void shouldTellARefusedWriteFromARejectedOne() {
        assertThat(ClusterResults.ofUnplanned(new WriteVerdict.Refused("no quorum")))
                .isEqualTo(new ClusterResult.Refused("no quorum"));
        assertThat(ClusterResults.ofUnplanned(new WriteVerdict.Rejected("exists")))
                .isEqualTo(new ClusterResult.Rejected("exists"));
    }

    @Test
    void shouldSayHowManyAcknowledgementsALostWriteGotAndWhereItWasReverted() {
        final WriteVerdict.Planned plan = new WriteVerdict.Planned(9, Map.of(2, List.of(), 0, List.of(), 1, List.of()),
                Map.of(), 2);

        assertThat(ClusterResults.lostQuorum(0x2a, plan, Set.of(1))).isEqualTo(new ClusterResult.Failed(0x2a, 9,
                "write of element 0x2a lost its quorum: 1 of the 2 acknowledgements needed arrived in time (from nodes"
                        + " [1]); reverted on nodes [0, 1, 2]"));
    }
}
