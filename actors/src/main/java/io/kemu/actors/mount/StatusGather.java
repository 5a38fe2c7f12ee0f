package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.kemu.actors.journal.JournalProtocol;
import io.kemu.actors.journal.JournalStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A per-request child: asks each journal for its status and answers once with all of them; a
 * journal that does not answer within a second (it is stopping) is left out.
 */
final class StatusGather {
    private enum Timeout { INSTANCE }

    private final int expected;
    private final ActorRef<List<JournalStatus>> replyTo;
    private final List<JournalStatus> gathered = new ArrayList<>();

    private StatusGather(int expected, ActorRef<List<JournalStatus>> replyTo) {
        this.expected = expected;
        this.replyTo = replyTo;
    }

    static Behavior<Object> create(List<ActorRef<JournalProtocol.Command>> journals, ActorRef<List<JournalStatus>> replyTo) {
        return Behaviors.setup(ctx -> {
            if (journals.isEmpty()) {
                replyTo.tell(List.of());
                return Behaviors.stopped();
            }
            final ActorRef<JournalStatus> self = ctx.getSelf().narrow();
            journals.forEach(journal -> journal.tell(new JournalProtocol.GetStatus(self)));
            return Behaviors.withTimers(timers -> {
                timers.startSingleTimer(Timeout.INSTANCE, Duration.ofSeconds(1));
                return new StatusGather(journals.size(), replyTo).gathering();
            });
        });
    }

    /** Gathering: waiting for every journal's status, or the timeout. */
    private Behavior<Object> gathering() {
        return Behaviors.receive(Object.class)
                .onMessage(JournalStatus.class, this::onStatus)
                .onMessageEquals(Timeout.INSTANCE, this::answer)
                .build();
    }

    private Behavior<Object> onStatus(JournalStatus status) {
        gathered.add(status);
        return gathered.size() < expected ? Behaviors.same() : answer();
    }

    private Behavior<Object> answer() {
        replyTo.tell(List.copyOf(gathered));
        return Behaviors.stopped();
    }
}
