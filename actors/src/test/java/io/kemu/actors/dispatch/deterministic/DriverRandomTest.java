package io.kemu.actors.dispatch.deterministic;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Akka's actor uids (the hash codes of {@code ActorRef}s, hence the order Akka iterates its hash sets
 * of watchers and watchees in) come from the driver's {@code ThreadLocalRandom}: a run seeds it, so
 * the same seed gives the same uids on every rerun and in every process, whatever the thread drew
 * before.
 */
class DriverRandomTest {

    /** The uids of the actors a small run spawns, in spawn order. */
    private static List<Integer> uidsOfARun(long seed) {
        final DeterministicRun.Outcome<List<Integer>> outcome = DeterministicRun.run(seed, 1, ConfigFactory.load(), null,
                Duration.ofDays(1), (config, done) -> ActorSystem.create(Behaviors.<Void>setup(context -> {
                    final List<Integer> uids = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        final ActorRef<String> child = context.spawnAnonymous(Behaviors.<String>ignore());
                        uids.add(child.path().uid());
                    }
                    done.accept(uids);
                    return Behaviors.empty();
                }), "uids", config));
        assertThat(outcome.failure()).isNull();
        return outcome.result();
    }

    @Test
    void theSameSeedGivesTheSameActorUidsWhateverTheThreadDrewBefore() {
        final List<Integer> first = uidsOfARun(11);
        for (int i = 0; i < 1000; i++) {
            ThreadLocalRandom.current().nextInt();
        }
        final List<Integer> second = uidsOfARun(11);

        assertThat(second).as("uids of seed 11, rerun").isEqualTo(first);
        assertThat(uidsOfARun(12)).as("another seed draws other uids").isNotEqualTo(first);
    }
}
