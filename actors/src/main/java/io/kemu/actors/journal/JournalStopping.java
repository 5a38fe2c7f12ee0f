package io.kemu.actors.journal;

import static io.kemu.actors.journal.JournalActor.staying;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import io.kemu.actors.journal.JournalProtocol.Ack;
import io.kemu.actors.journal.JournalProtocol.Command;
import io.kemu.actors.journal.JournalProtocol.GetStatus;
import io.kemu.actors.journal.JournalProtocol.Heartbeat;
import io.kemu.actors.journal.JournalProtocol.Restart;
import io.kemu.actors.journal.JournalProtocol.Stop;
import io.kemu.actors.journal.JournalProtocol.StopWarning;
import io.kemu.actors.journal.JournalProtocol.Submit;
import io.kemu.actors.journal.JournalProtocol.TargetEnded;
import io.kemu.actors.journal.JournalProtocol.WriterReady;

/**
 * The stopping states of {@link JournalActor} (see the picture there): draining, closing and
 * discarding, each a behavior carrying the {@link Stop} being answered and the writer. None of them
 * accepts transactions or goes back to running; each ends in {@code stopped}, which answers the Stop.
 * Mirrors the kernel's journal remove: a drained remove waits for the writer to send everything
 * committed, then {@code shutdown(SHUT_WR)}; an immediate one drops it. Runs inside the journal actor.
 */
final class JournalStopping {

    private final JournalLink link;
    private final TimerScheduler<Command> timers;
    private final JournalSettings settings;

    JournalStopping(JournalLink link, TimerScheduler<Command> timers, JournalSettings settings) {
        this.link = link;
        this.timers = timers;
        this.settings = settings;
    }

    /** A Stop while running: drain and close ({@code immediate} false), or drop everything now. */
    Behavior<Command> begin(Stop stop, WriterHandle writer) {
        if (stop.immediate()) {
            final int discarded = link.discardParked();
            if (!writer.connected()) {
                return stopped(stop, link.unsent(), discarded);
            }
            writer.abandon();
            return discarding(stop, writer, discarded);
        }
        timers.startTimerWithFixedDelay(StopWarning.INSTANCE, settings.stopWarningInterval());
        if (!writer.connected()) {
            link.warnNoTarget();
        }
        return closeIfDrained(stop, writer);
    }

    /**
     * Draining: refusing new transactions, sending what is parked and committed ({@code writer}
     * may be {@code NONE} after a lost target: then waiting for a restart to go on).
     */
    private Behavior<Command> draining(Stop stop, WriterHandle writer) {
        return stopping(stop, writer)
                .onMessage(Ack.class, m -> onAckWhileDraining(m, stop, writer))
                .onMessage(WriterReady.class, m -> onWriterReadyWhileDraining(m, stop, writer))
                .onMessageEquals(Heartbeat.INSTANCE, () -> onHeartbeatWhileDraining(stop, writer))
                .onMessage(TargetEnded.class, m -> onTargetEndedWhileDraining(m, stop, writer))
                .onMessage(Restart.class, m -> closeIfDrained(stop, link.restart(writer, m)))
                .build();
    }

    private Behavior<Command> onAckWhileDraining(Ack ack, Stop stop, WriterHandle writer) {
        link.ack(writer, ack);
        return closeIfDrained(stop, writer);
    }

    private Behavior<Command> onWriterReadyWhileDraining(WriterReady ready, Stop stop, WriterHandle writer) {
        return link.writerReady(writer, ready) ? closeIfDrained(stop, writer) : Behaviors.same();
    }

    private Behavior<Command> onHeartbeatWhileDraining(Stop stop, WriterHandle writer) {
        link.feed(writer);
        return closeIfDrained(stop, writer);
    }

    private Behavior<Command> onTargetEndedWhileDraining(TargetEnded ended, Stop stop, WriterHandle writer) {
        return link.isCurrent(writer, ended) ? draining(stop, link.lost(ended)) : Behaviors.same();
    }

    /** Drain-then-stop: once nothing is parked or unsent and the writer is idle, close the target. */
    private Behavior<Command> closeIfDrained(Stop stop, WriterHandle writer) {
        if (!writer.connected() || !link.drained(writer)) {
            return draining(stop, writer);
        }
        writer.finish();
        return closing(stop, writer);
    }

    /** Closing: the writer closes the target after the last byte (SHUT_WR); waiting for the stream to complete. */
    private Behavior<Command> closing(Stop stop, WriterHandle writer) {
        return stopping(stop, writer)
                .onMessage(Ack.class, staying(m -> link.ack(writer, m)))
                .onMessage(TargetEnded.class, m -> onTargetEndedWhileClosing(m, stop, writer))
                .onMessage(Restart.class, m -> closeIfDrained(stop, link.restart(writer, m)))
                .onMessage(WriterReady.class, JournalStopping::ignore)
                .onMessageEquals(Heartbeat.INSTANCE, Behaviors::same)
                .build();
    }

    /** A completed stream ends the journal; a failed one loses the target: drain again after a restart. */
    private Behavior<Command> onTargetEndedWhileClosing(TargetEnded ended, Stop stop, WriterHandle writer) {
        if (!link.isCurrent(writer, ended)) {
            return Behaviors.same();
        }
        return ended.failure() == null ? stopped(stop, 0, 0) : draining(stop, link.lost(ended));
    }

    /** Discarding (stop now): the writer drops its stream; waiting for it to end. */
    private Behavior<Command> discarding(Stop stop, WriterHandle writer, int discardedTransactions) {
        return stopping(stop, writer)
                .onMessage(TargetEnded.class, m -> link.isCurrent(writer, m)
                        ? stopped(stop, link.unsent(), discardedTransactions) : Behaviors.same())
                .onMessage(Restart.class, m -> onRestartWhileDiscarding(m, stop, writer, discardedTransactions))
                .onMessage(Ack.class, staying(m -> link.ack(writer, m)))
                .onMessage(WriterReady.class, JournalStopping::ignore)
                .onMessageEquals(Heartbeat.INSTANCE, Behaviors::same)
                .build();
    }

    /** A restart cannot undo a stop now: the new connection is dropped as well, so the stop still ends. */
    private Behavior<Command> onRestartWhileDiscarding(Restart restart, Stop stop, WriterHandle writer, int discarded) {
        final WriterHandle next = link.restart(writer, restart);
        next.abandon();
        return discarding(stop, next, discarded);
    }

    /** The handlers every stopping state shares: refuse transactions, answer a second Stop, warn, status. */
    private BehaviorBuilder<Command> stopping(Stop stop, WriterHandle writer) {
        return Behaviors.receive(Command.class)
                .onMessage(Submit.class, staying(link::refuse))
                .onMessage(Stop.class, link::answerSecondStop)
                .onMessageEquals(StopWarning.INSTANCE, link::warnStillDraining)
                .onMessage(GetStatus.class, m -> link.replyStatus(writer, m));
    }

    private static Behavior<Command> ignore(Command message) {
        return Behaviors.same();
    }

    private Behavior<Command> stopped(Stop stop, long discardedBytes, int discardedTransactions) {
        timers.cancelAll();
        link.tellStopped(stop, discardedBytes, discardedTransactions);
        return Behaviors.stopped();
    }
}
