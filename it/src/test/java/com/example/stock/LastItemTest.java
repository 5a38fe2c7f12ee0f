package com.example.stock;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import io.kemu.actors.dispatch.deterministic.DeterministicRun;
import io.kemu.testkit.deterministic.KemuSeed;
import io.kemu.testkit.deterministic.KemuSeedExtension;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Three clients race for the last item: one gets it, whatever the interleaving; the seed replays the race. */
@ExtendWith(KemuSeedExtension.class)
class LastItemTest {
    record Reserve(String client, ActorRef<String> replyTo) {}

    static Behavior<Reserve> stock(int items) {
        return Behaviors.receiveMessage(reserve -> {
            reserve.replyTo().tell(items > 0 ? reserve.client() : "sold out");
            return stock(Math.max(0, items - 1));
        });
    }

    /** The winner's name once all three clients have their answer. */
    static ActorSystem<Void> race(Config config, Consumer<String> winner) {
        return ActorSystem.create(Behaviors.<Void>setup(context -> {
            ActorRef<Reserve> stock = context.spawn(stock(1), "stock");
            ActorRef<String> answers = context.spawn(collect(3, "nobody", winner), "answers");
            for (String client : new String[] {"ann", "bob", "eve"}) {
                context.spawn(Behaviors.<String>setup(self -> {
                    stock.tell(new Reserve(client, answers));
                    return Behaviors.ignore();
                }), client);
            }
            return Behaviors.empty();
        }), "shop", config);
    }

    static Behavior<String> collect(int left, String won, Consumer<String> winner) {
        return Behaviors.receiveMessage(answer -> {
            String now = answer.equals("sold out") ? won : answer;
            if (left == 1) {
                winner.accept(now);
                return Behaviors.stopped();
            }
            return collect(left - 1, now, winner);
        });
    }

    @Test
    void theLastItemIsSoldExactlyOnceAndTheSeedReplaysWhoGotIt(KemuSeed seed) {
        DeterministicRun.Outcome<String> first = seed.run(1, LastItemTest::race);
        DeterministicRun.Outcome<String> replay = seed.run(1, LastItemTest::race);

        assertThat(first.failure()).isNull();
        assertThat(first.result()).isIn("ann", "bob", "eve");
        assertThat(replay.result()).isEqualTo(first.result());
        assertThat(replay.traceSha256()).isEqualTo(first.traceSha256());
    }
}
