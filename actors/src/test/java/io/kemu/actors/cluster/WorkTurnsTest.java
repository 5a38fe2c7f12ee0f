package io.kemu.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.actors.cluster.WorkTurns.Next;
import org.junit.jupiter.api.Test;

class WorkTurnsTest {

    private static ClusterOperation.Request read(long key) {
        return new ClusterOperation.Request(key, null, null);
    }

    @Test
    void shouldAlternateBetweenResyncAndClientsWhenBothWait() {
        final WorkTurns turns = new WorkTurns(10);
        turns.offer(read(1));
        turns.offer(read(2));
        assertThat(turns.next(true)).isEqualTo(Next.RESYNC);
        assertThat(turns.next(true)).isEqualTo(Next.CLIENT_OPERATION);
        assertThat(turns.take().key()).isEqualTo(1);
        assertThat(turns.next(true)).isEqualTo(Next.RESYNC);
        assertThat(turns.next(true)).isEqualTo(Next.CLIENT_OPERATION);
        assertThat(turns.take().key()).isEqualTo(2);
        assertThat(turns.next(true)).as("no client waits").isEqualTo(Next.RESYNC);
        assertThat(turns.next(false)).isEqualTo(Next.NOTHING);
    }

    @Test
    void shouldRunClientsInOrderWhenNoResyncWaits() {
        final WorkTurns turns = new WorkTurns(10);
        turns.offer(read(1));
        turns.offer(read(2));
        assertThat(turns.next(false)).isEqualTo(Next.CLIENT_OPERATION);
        assertThat(turns.take().key()).isEqualTo(1);
        assertThat(turns.next(false)).isEqualTo(Next.CLIENT_OPERATION);
        assertThat(turns.take().key()).isEqualTo(2);
    }

    @Test
    void shouldRefuseBeyondTheQueueLimit() {
        final WorkTurns turns = new WorkTurns(1);
        assertThat(turns.offer(read(1))).isTrue();
        assertThat(turns.offer(read(2))).isFalse();
        assertThat(turns.queued()).isEqualTo(1);
    }
}
