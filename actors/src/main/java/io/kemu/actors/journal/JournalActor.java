package io.kemu.actors.journal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.japi.function.Function;
import io.kemu.actors.journal.JournalProtocol.Ack;
import io.kemu.actors.journal.JournalProtocol.Command;
import io.kemu.actors.journal.JournalProtocol.GetStatus;
import io.kemu.actors.journal.JournalProtocol.Heartbeat;
import io.kemu.actors.journal.JournalProtocol.Restart;
import io.kemu.actors.journal.JournalProtocol.Stop;
import io.kemu.actors.journal.JournalProtocol.Submit;
import io.kemu.actors.journal.JournalProtocol.TargetEnded;
import io.kemu.actors.journal.JournalProtocol.WriterReady;
import io.kemu.journal.fifo.JournalFifo;
import java.util.function.Consumer;

/**
 * Owns one journal's {@link JournalFifo} (the kernel's {@code struct journal} under the MP lock) and
 * decides when its rules run; the byte rules stay in the FIFO, the mechanics (parking, feeding the
 * writer, acks, status) in {@link JournalLink}. This class is the journal's lifecycle, one behavior
 * per state, the writer ({@code NONE} while the target is lost) carried as the state's data:
 *
 * <pre>
 *  running(writer) ──target lost──▶ running(NONE) ──Restart──▶ running(writer)
 *     │ Stop(drain)                      │ Stop(drain)
 *     ▼                                  ▼
 *  draining(writer) ◀──Restart── draining(NONE) ◀──target lost── draining, closing
 *     │ nothing parked or unsent, writer idle
 *     ▼
 *  closing ──stream completed──▶ stopped          Stop(immediate) ──▶ discarding ──writer ended──▶ stopped
 * </pre>
 *
 * <p>This file holds the running state; the stopping states (draining, closing, discarding) are
 * {@link JournalStopping}'s, the messages {@link JournalProtocol}. Producers' transactions are
 * replayed in arrival order; one that does not fit stays parked where the kernel's producer sleeps in
 * {@code journal_reserve}. The writer is woken as
 * {@code journal_commit_wakeup} says and by the heartbeat. A lost target drops nothing committed:
 * the journal waits for a restart, as the kernel's remove waits for a stalled target.
 */
public final class JournalActor {

    private final JournalLink link;
    private final JournalStopping stopping;

    private JournalActor(JournalLink link, JournalStopping stopping) {
        this.link = link;
        this.stopping = stopping;
    }

    public static Behavior<Command> create(String id, JournalFifo fifo, JournalTarget target,
            JournalSettings settings, ActorRef<JournalEvent> events) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ctx.setLoggerName(JournalActor.class);
            timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, settings.heartbeat());
            final JournalLink link = new JournalLink(ctx, id, fifo, settings, events);
            return new JournalActor(link, new JournalStopping(link, timers, settings)).running(link.connect(target));
        }));
    }

    /** Running: accepting transactions; {@code writer} (maybe {@code NONE}: awaiting restart) streams them. */
    private Behavior<Command> running(WriterHandle writer) {
        return Behaviors.receive(Command.class)
                .onMessage(Submit.class, staying(m -> link.submit(m, writer)))
                .onMessage(Ack.class, staying(m -> link.ack(writer, m)))
                .onMessage(WriterReady.class, staying(m -> link.writerReady(writer, m)))
                .onMessageEquals(Heartbeat.INSTANCE, () -> onHeartbeat(writer))
                .onMessage(TargetEnded.class, m -> onTargetEnded(m, writer))
                .onMessage(Restart.class, m -> running(link.restart(writer, m)))
                .onMessage(Stop.class, m -> stopping.begin(m, writer))
                .onMessage(GetStatus.class, m -> link.replyStatus(writer, m))
                .build();
    }

    private Behavior<Command> onHeartbeat(WriterHandle writer) {
        link.feed(writer);
        return Behaviors.same();
    }

    /** The target is lost: report it and wait for a restart, keeping everything committed. */
    private Behavior<Command> onTargetEnded(TargetEnded ended, WriterHandle writer) {
        return link.isCurrent(writer, ended) ? running(link.lost(ended)) : Behaviors.same();
    }

    /** A message {@link JournalLink} handles without changing the journal's state. */
    static <M extends Command> Function<M, Behavior<Command>> staying(Consumer<M> action) {
        return message -> {
            action.accept(message);
            return Behaviors.same();
        };
    }
}
