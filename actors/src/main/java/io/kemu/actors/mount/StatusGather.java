package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.kemu.actors.journal.JournalActor;
import io.kemu.actors.journal.JournalStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks each journal for its status and answers once with all of them; a journal that does not answer
 * within a second (it is stopping) is left out.
 */
final class StatusGather {
    private enum Timeout { INSTANCE }

    private StatusGather() {
    }

    static Behavior<Object> create(List<ActorRef<JournalActor.Command>> journals, ActorRef<List<JournalStatus>> replyTo) {
        return Behaviors.setup(ctx -> {
            if (journals.isEmpty()) {
                replyTo.tell(List.of());
                return Behaviors.stopped();
            }
            final ActorRef<JournalStatus> self = ctx.getSelf().narrow();
            journals.forEach(journal -> journal.tell(new JournalActor.GetStatus(self)));
            final List<JournalStatus> gathered = new ArrayList<>();
            return Behaviors.withTimers(timers -> {
                timers.startSingleTimer(Timeout.INSTANCE, Duration.ofSeconds(1));
                return Behaviors.receive(Object.class)
                        .onMessage(JournalStatus.class, status -> {
                            gathered.add(status);
                            if (gathered.size() < journals.size()) {
                                return Behaviors.same();
                            }
                            replyTo.tell(List.copyOf(gathered));
                            return Behaviors.stopped();
                        })
                        .onMessageEquals(Timeout.INSTANCE, () -> {
                            replyTo.tell(List.copyOf(gathered));
                            return Behaviors.stopped();
                        })
                        .build();
            });
        });
    }
}
