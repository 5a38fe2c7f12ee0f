package io.kemu.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeTableTest {

    private static NodeTable threeUp() {
        final NodeTable nodes = new NodeTable(3);
        for (int i = 0; i < 3; i++) {
            nodes.started(i, null, NodeState.UP);
        }
        return nodes;
    }

    @Test
    void shouldMarkOnlyUpNodesStale() {
        final NodeTable nodes = threeUp();
        nodes.down(2);
        assertThat(nodes.markStale(Set.of(0, 2))).containsExactly(0);
        assertThat(nodes.states()).containsExactly(NodeState.STALE, NodeState.UP, NodeState.DOWN);
        assertThat(nodes.in(NodeState.UP)).containsOnlyKeys(1);
    }

    @Test
    void shouldSkipPostponedResyncsUntilTheNextTick() {
        final NodeTable nodes = threeUp();
        nodes.markStale(Set.of(0, 1));
        assertThat(nodes.nextResyncTarget()).isEqualTo(0);
        nodes.postpone(0);
        assertThat(nodes.nextResyncTarget()).isEqualTo(1);
        nodes.postpone(1);
        assertThat(nodes.nextResyncTarget()).isEqualTo(-1);
        nodes.retryAll();
        assertThat(nodes.nextResyncTarget()).isEqualTo(0);
    }

    @Test
    void shouldBringAStaleNodeUpOnlyOnce() {
        final NodeTable nodes = threeUp();
        nodes.markStale(Set.of(1));
        nodes.postpone(1);
        assertThat(nodes.resynced(1)).isTrue();
        assertThat(nodes.resynced(1)).isFalse();
        assertThat(nodes.state(1)).isEqualTo(NodeState.UP);
        assertThat(nodes.resyncs()).isEqualTo(1);
    }

    @Test
    void shouldCountUpAndStaleNodesAsRunning() {
        final NodeTable nodes = threeUp();
        nodes.markStale(Set.of(0));
        nodes.down(2);
        assertThat(nodes.running()).containsOnlyKeys(0, 1);
    }

    @Test
    void shouldKnowWhichNodesRun() {
        final NodeTable nodes = new NodeTable(2);
        assertThat(nodes.isRunning(0)).isFalse();
        assertThat(nodes.isRunning(5)).isFalse();
        assertThat(nodes.store(1).node()).isEqualTo(1);
    }
}
