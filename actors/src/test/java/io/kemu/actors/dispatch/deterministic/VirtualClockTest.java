package io.kemu.actors.dispatch.deterministic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
    private final VirtualClock clock = new VirtualClock();
    private final List<String> fired = new ArrayList<>();

    @Test
    void shouldJumpToTheEarliestTimerAndFireTimersDueTogetherInTheOrderScheduled() {
        clock.schedule(300, () -> fired.add("late"));
        clock.schedule(100, () -> fired.add("first"));
        clock.schedule(100, () -> fired.add("second"));

        assertThat(clock.advance(Long.MAX_VALUE)).isTrue();

        assertThat(clock.nowNanos()).isEqualTo(100);
        assertThat(fired).containsExactly("first", "second");
    }

    @Test
    void shouldNeitherMovePastTheLimitNorFireACancelledTimer() {
        final VirtualClock.Timer cancelled = clock.schedule(50, () -> fired.add("cancelled"));
        cancelled.cancelled = true;
        clock.schedule(200, () -> fired.add("due"));

        assertThat(clock.advance(199)).isFalse();
        assertThat(clock.nowNanos()).isZero();
        assertThat(clock.advance(200)).isTrue();

        assertThat(fired).containsExactly("due");
        assertThat(clock.nowNanos()).isEqualTo(200);
        assertThat(clock.hasTimers()).isFalse();
    }

    @Test
    void shouldCountANegativeDelayAsNow() {
        clock.schedule(-5, () -> fired.add("now"));

        clock.advance(0);

        assertThat(fired).containsExactly("now");
        assertThat(clock.nowNanos()).isZero();
    }
}
