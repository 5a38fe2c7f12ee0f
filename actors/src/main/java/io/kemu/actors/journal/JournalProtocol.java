package io.kemu.actors.journal;

import akka.actor.typed.ActorRef;
import io.kemu.journal.jrecord.TransactionProgram;
import java.util.List;

/**
 * The messages {@link JournalActor} takes and the replies it sends; its behaviors are in that file,
 * its mechanics in {@link JournalLink}. Requests carry a {@code replyTo}; a reply is named for what
 * happened ({@link Submitted}, {@link Stopped}, {@link Restarted}). {@link Heartbeat} and
 * {@link StopWarning} are the actor's own timers, private to this package.
 */
public final class JournalProtocol {

    private JournalProtocol() {
    }

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
    public record Stopped(String id, long bytesSent, long discardedBytes, int discardedTransactions, JournalStages stages) {}

    /** Continue on a new target from {@code xindex}: lossless in full duplex. */
    public record Restart(JournalTarget target, ActorRef<Restarted> replyTo) implements Command {}

    public record Restarted(String id, long replayFromXindex) {}

    enum Heartbeat implements Command { INSTANCE }

    enum StopWarning implements Command { INSTANCE }
}
