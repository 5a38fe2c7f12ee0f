package io.kemu.actors.journal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.japi.function.Function;
import io.kemu.actors.journal.JournalLink.Writer;
import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.TransactionProgram;
import java.util.List;
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
 * <p>Producers' transactions are replayed in arrival order; one that does not fit stays parked where
 * the kernel's producer sleeps in {@code journal_reserve}. The writer is woken as
 * {@code journal_commit_wakeup} says and by the heartbeat. A lost target drops nothing committed:
 * the journal waits for a restart, as the kernel's remove waits for a stalled target.
 */
public final class JournalActor {

    public sealed interface Command permits Submit, Ack, WriterReady, TargetEnded, GetStatus, Stop, Restart,
            Heartbeat, StopWarning {}

    /**
     * Replay these transactions into the ring; {@code replyTo} hears once all are committed, with
     * {@code tag} echoed so one adapter can serve many batches.
     */
    public record Submit(List<TransactionProgram> programs, long tag, ActorRef<Submitted> replyTo) implements Command {}

    /** The reply to {@link Submit}: {@code accepted} false when the journal is stopping or stopped. */
    public record Submitted(long tag, String journal, boolean accepted, int transactions, String error) {}

    /** One ack record's transid, decoded by the reader. */
    public record Ack(long transid) implements Command {}

    /** The writer can take a chunk. Stale writers (after a restart) are ignored. */
    public record WriterReady(ActorRef<WriterActor.Command> writer) implements Command {}

    /** The target stream of {@code writer} ended, with {@code failure} null when it completed. */
    public record TargetEnded(ActorRef<WriterActor.Command> writer, String failure) implements Command {}

    /** Asks for the journal's {@link JournalStatus}. */
    public record GetStatus(ActorRef<JournalStatus> replyTo) implements Command {}

    /** Stop: drain everything committed first, or ({@code immediate}) discard it now. */
    public record Stop(boolean immediate, ActorRef<Stopped> replyTo) implements Command {}

    /**
     * The journal has stopped: {@code bytesSent} went to targets; an immediate stop dropped
     * {@code discardedBytes} committed but unsent and {@code discardedTransactions} still parked.
     */
    public record Stopped(String id, long bytesSent, long discardedBytes, int discardedTransactions) {}

    /** Continue on a new target from {@code xindex}: lossless in full duplex. */
    public record Restart(JournalTarget target, ActorRef<Restarted> replyTo) implements Command {}

    public record Restarted(String id, long replayFromXindex) {}

    enum Heartbeat implements Command { INSTANCE }

    enum StopWarning implements Command { INSTANCE }

    private final JournalLink link;
    private final TimerScheduler<Command> timers;
    private final JournalSettings settings;

    private JournalActor(JournalLink link, TimerScheduler<Command> timers, JournalSettings settings) {
        this.link = link;
        this.timers = timers;
        this.settings = settings;
    }

    public static Behavior<Command> create(String id, JournalFifo fifo, JournalTarget target,
            JournalSettings settings, ActorRef<JournalEvent> events) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ctx.setLoggerName(JournalActor.class);
            timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, settings.heartbeat());
            final JournalLink link = new JournalLink(ctx, id, fifo, settings, events);
            return new JournalActor(link, timers, settings).running(link.connect(target));
        }));
    }

    /** Running: accepting transactions; {@code writer} (maybe {@code NONE}: awaiting restart) streams them. */
    private Behavior<Command> running(Writer writer) {
        return Behaviors.receive(Command.class)
                .onMessage(Submit.class, staying(m -> link.submit(m, writer)))
                .onMessage(Ack.class, staying(m -> link.ack(writer, m)))
                .onMessage(WriterReady.class, staying(m -> link.writerReady(writer, m)))
                .onMessageEquals(Heartbeat.INSTANCE, () -> onHeartbeat(writer))
                .onMessage(TargetEnded.class, m -> onTargetEnded(m, writer))
                .onMessage(Restart.class, m -> running(link.restart(writer, m)))
                .onMessage(Stop.class, m -> onStop(m, writer))
                .onMessage(GetStatus.class, m -> link.replyStatus(writer, m))
                .build();
    }

    private Behavior<Command> onHeartbeat(Writer writer) {
        link.feed(writer);
        return Behaviors.same();
    }

    /** The target is lost: report it and wait for a restart, keeping everything committed. */
    private Behavior<Command> onTargetEnded(TargetEnded ended, Writer writer) {
        return link.isCurrent(writer, ended) ? running(link.lost(ended)) : Behaviors.same();
    }

    private Behavior<Command> onStop(Stop stop, Writer writer) {
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
    private Behavior<Command> draining(Stop stop, Writer writer) {
        return stopping(stop, writer)
                .onMessage(Ack.class, m -> onAckWhileDraining(m, stop, writer))
                .onMessage(WriterReady.class, m -> onWriterReadyWhileDraining(m, stop, writer))
                .onMessageEquals(Heartbeat.INSTANCE, () -> onHeartbeatWhileDraining(stop, writer))
                .onMessage(TargetEnded.class, m -> onTargetEndedWhileDraining(m, stop, writer))
                .onMessage(Restart.class, m -> closeIfDrained(stop, link.restart(writer, m)))
                .build();
    }

    private Behavior<Command> onAckWhileDraining(Ack ack, Stop stop, Writer writer) {
        link.ack(writer, ack);
        return closeIfDrained(stop, writer);
    }

    private Behavior<Command> onWriterReadyWhileDraining(WriterReady ready, Stop stop, Writer writer) {
        return link.writerReady(writer, ready) ? closeIfDrained(stop, writer) : Behaviors.same();
    }

    private Behavior<Command> onHeartbeatWhileDraining(Stop stop, Writer writer) {
        link.feed(writer);
        return closeIfDrained(stop, writer);
    }

    private Behavior<Command> onTargetEndedWhileDraining(TargetEnded ended, Stop stop, Writer writer) {
        return link.isCurrent(writer, ended) ? draining(stop, link.lost(ended)) : Behaviors.same();
    }

    /** Drain-then-stop: once nothing is parked or unsent and the writer is idle, close the target. */
    private Behavior<Command> closeIfDrained(Stop stop, Writer writer) {
        if (!writer.connected() || !link.drained(writer)) {
            return draining(stop, writer);
        }
        writer.finish();
        return closing(stop, writer);
    }

    /** Closing: the writer closes the target after the last byte (SHUT_WR); waiting for the stream to complete. */
    private Behavior<Command> closing(Stop stop, Writer writer) {
        return stopping(stop, writer)
                .onMessage(Ack.class, staying(m -> link.ack(writer, m)))
                .onMessage(TargetEnded.class, m -> onTargetEndedWhileClosing(m, stop, writer))
                .onMessage(Restart.class, m -> closeIfDrained(stop, link.restart(writer, m)))
                .onMessage(WriterReady.class, JournalActor::ignore)
                .onMessageEquals(Heartbeat.INSTANCE, Behaviors::same)
                .build();
    }

    /** A completed stream ends the journal; a failed one loses the target: drain again after a restart. */
    private Behavior<Command> onTargetEndedWhileClosing(TargetEnded ended, Stop stop, Writer writer) {
        if (!link.isCurrent(writer, ended)) {
            return Behaviors.same();
        }
        return ended.failure() == null ? stopped(stop, 0, 0) : draining(stop, link.lost(ended));
    }

    /** Discarding (stop now): the writer drops its stream; waiting for it to end. */
    private Behavior<Command> discarding(Stop stop, Writer writer, int discardedTransactions) {
        return stopping(stop, writer)
                .onMessage(TargetEnded.class, m -> link.isCurrent(writer, m)
                        ? stopped(stop, link.unsent(), discardedTransactions) : Behaviors.same())
                .onMessage(Restart.class, m -> onRestartWhileDiscarding(m, stop, writer, discardedTransactions))
                .onMessage(Ack.class, staying(m -> link.ack(writer, m)))
                .onMessage(WriterReady.class, JournalActor::ignore)
                .onMessageEquals(Heartbeat.INSTANCE, Behaviors::same)
                .build();
    }

    /** A restart cannot undo a stop now: the new connection is dropped as well, so the stop still ends. */
    private Behavior<Command> onRestartWhileDiscarding(Restart restart, Stop stop, Writer writer, int discarded) {
        final Writer next = link.restart(writer, restart);
        next.abandon();
        return discarding(stop, next, discarded);
    }

    /** The handlers every stopping state shares: refuse transactions, answer a second Stop, warn, status. */
    private BehaviorBuilder<Command> stopping(Stop stop, Writer writer) {
        return Behaviors.receive(Command.class)
                .onMessage(Submit.class, staying(link::refuse))
                .onMessage(Stop.class, link::answerSecondStop)
                .onMessageEquals(StopWarning.INSTANCE, link::warnStillDraining)
                .onMessage(GetStatus.class, m -> link.replyStatus(writer, m));
    }

    /** A message {@link JournalLink} handles without changing the journal's state. */
    private static <M extends Command> Function<M, Behavior<Command>> staying(Consumer<M> action) {
        return message -> {
            action.accept(message);
            return Behaviors.same();
        };
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
