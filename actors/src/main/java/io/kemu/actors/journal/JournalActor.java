package io.kemu.actors.journal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.util.ByteString;
import io.kemu.journal.fifo.AckResult;
import io.kemu.journal.fifo.FifoState;
import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.TransactionProgram;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Owns one journal's {@link JournalFifo} (the kernel's {@code struct journal} under the MP lock) and
 * decides when its rules run; every byte-level rule stays in the FIFO.
 *
 * <p>Producers submit batches of recorded transactions. They are replayed into the ring in arrival
 * order; one that does not fit stays parked, with everything behind it, exactly where the kernel's
 * producer would sleep in {@code journal_reserve}, and is retried when the writer (half duplex) or an
 * ack (full duplex) frees space. The batch's reply is the producer's wakeup. Nothing is dropped.
 *
 * <p>The writer child is woken as {@code journal_commit_wakeup} says (ring more than half full, or a
 * producer waiting) and by the heartbeat timer; once woken it keeps taking chunks until the ring has
 * nothing complete to send, as {@code journal_wthread}'s loop does.
 */
public final class JournalActor extends AbstractBehavior<JournalActor.Command> {

    public sealed interface Command permits Submit, Ack, WriterReady, TargetEnded, Status, Stop, Restart,
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

    public record Status(ActorRef<JournalStatus> replyTo) implements Command {}

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

    /** A committed transaction waiting for its replay, with the batch it belongs to. */
    private record Pending(TransactionProgram program, Batch batch) {}

    private static final class Batch {
        final ActorRef<Submitted> replyTo;
        final long tag;
        final int size;
        int remaining;

        Batch(ActorRef<Submitted> replyTo, long tag, int size) {
            this.replyTo = replyTo;
            this.tag = tag;
            this.size = size;
            this.remaining = size;
        }
    }

    private final String id;
    private final JournalFifo fifo;
    private final JournalSettings settings;
    private final ActorRef<JournalEvent> events;
    private final TimerScheduler<Command> timers;
    private final ArrayDeque<Pending> parked = new ArrayDeque<>();
    private final AckLatency latency = new AckLatency();
    private ActorRef<WriterActor.Command> writer;
    private boolean writerReady;
    private int generation;
    private long bytesSent;
    private Stop stopping;
    /** The writer was told to close the target after the last byte (drain-then-stop). */
    private boolean closing;
    private int discardedTransactions;

    public static Behavior<Command> create(String id, JournalFifo fifo, JournalTarget target,
            JournalSettings settings, ActorRef<JournalEvent> events) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new JournalActor(ctx, timers, id, fifo, target, settings, events)));
    }

    private JournalActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, String id, JournalFifo fifo,
            JournalTarget target, JournalSettings settings, ActorRef<JournalEvent> events) {
        super(ctx);
        ctx.setLoggerName(JournalActor.class);
        this.id = id;
        this.fifo = fifo;
        this.settings = settings;
        this.events = events;
        this.timers = timers;
        timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, settings.heartbeat());
        startWriter(target);
    }

    private void startWriter(JournalTarget target) {
        ++generation;
        writer = getContext().spawn(WriterActor.create(getContext().getSelf(), target, fifo.fullDuplex()),
                "writer-" + generation);
        getContext().watchWith(writer, new TargetEnded(writer, "writer " + generation + " stopped"));
        writerReady = false;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(Ack.class, this::onAck)
                .onMessage(WriterReady.class, this::onWriterReady)
                .onMessage(TargetEnded.class, this::onTargetEnded)
                .onMessage(Status.class, this::onStatus)
                .onMessage(Stop.class, this::onStop)
                .onMessage(Restart.class, this::onRestart)
                .onMessageEquals(Heartbeat.INSTANCE, this::onHeartbeat)
                .onMessageEquals(StopWarning.INSTANCE, this::onStopWarning)
                .build();
    }

    private Behavior<Command> onSubmit(Submit submit) {
        if (stopping != null) {
            submit.replyTo().tell(new Submitted(submit.tag(), id, false, 0, "journal " + id + " is stopping"));
            return this;
        }
        if (submit.programs().isEmpty()) {
            submit.replyTo().tell(new Submitted(submit.tag(), id, true, 0, ""));
            return this;
        }
        final Batch batch = new Batch(submit.replyTo(), submit.tag(), submit.programs().size());
        for (TransactionProgram program : submit.programs()) {
            parked.add(new Pending(program, batch));
        }
        runParked();
        return this;
    }

    /**
     * Replays parked transactions in order until one would sleep. Wakes the writer when a commit
     * asked for it, or when a producer is left waiting (the WWAIT half of the wakeup rule).
     */
    private void runParked() {
        boolean wake = false;
        while (!parked.isEmpty()) {
            final Pending head = parked.peek();
            if (head.program().runOn(fifo) == TransactionProgram.Progress.BLOCKED) {
                wake = true;
                break;
            }
            parked.poll();
            wake |= head.program().wakeupRequested();
            if (fifo.fullDuplex()) {
                latency.committed(fifo.transid() - 2);
            }
            if (--head.batch().remaining == 0) {
                head.batch().replyTo.tell(new Submitted(head.batch().tag, id, true, head.batch().size, ""));
            }
        }
        if (wake) {
            feedWriter();
        }
    }

    /** One writer step: hand the next chunk of complete records to a ready writer. */
    private void feedWriter() {
        if (!writerReady || writer == null) {
            return;
        }
        final ByteString[] chunk = {ByteString.emptyByteString()};
        final long xBefore = fifo.xindex();
        fifo.drain((ring, offset, length) -> chunk[0] = chunk[0].concat(ByteString.fromArray(ring, offset, length)),
                settings.maxChunkBytes());
        if (!chunk[0].isEmpty()) {
            writerReady = false;
            bytesSent += chunk[0].size();
            writer.tell(new WriterActor.Chunk(chunk[0]));
        }
        if (fifo.xindex() != xBefore) {
            runParked();
        }
        if (stopping != null) {
            finishStopIfDrained();
        }
    }

    private Behavior<Command> onAck(Ack ack) {
        final AckResult result = fifo.ack(ack.transid());
        if (result.stop() == AckResult.Stop.EMPTY) {
            getContext().getLog().warn("journal {}: unsent data acknowledged transid {}", id, Long.toHexString(ack.transid()));
        } else if (result.stop() == AckResult.Stop.GREATER && result.retired() == 0) {
            getContext().getLog().warn("journal {}: unsent data(2) acknowledged transid {}", id, Long.toHexString(ack.transid()));
        }
        if (result.retired() > 0) {
            latency.acknowledged(ack.transid());
            runParked();
        }
        return this;
    }

    private Behavior<Command> onWriterReady(WriterReady ready) {
        if (ready.writer().equals(writer)) {
            writerReady = true;
            feedWriter();
        }
        return this;
    }

    private Behavior<Command> onHeartbeat() {
        feedWriter();
        return this;
    }

    /**
     * The target stream ended. After a drain-then-stop's close (SHUT_WR) that is the end of the
     * journal. Any other ending loses the target: an immediate stop ends here, discarding; otherwise
     * (running, or draining to stop) the journal reports the loss and waits for a restart onto a new
     * target, as the kernel's remove waits for a stalled target, so nothing committed is dropped.
     */
    private Behavior<Command> onTargetEnded(TargetEnded ended) {
        if (!ended.writer().equals(writer)) {
            return this;
        }
        writer = null;
        writerReady = false;
        if (stopping != null && (closing && ended.failure() == null || stopping.immediate())) {
            return finishStop(stopping.immediate() ? fifo.unsent() : 0);
        }
        closing = false;
        final String reason = ended.failure() == null ? "target closed the stream" : ended.failure();
        getContext().getLog().warn("journal {}: target lost ({}); {} bytes unacknowledged, {} unsent",
                id, reason, fifo.unacked(), fifo.unsent());
        events.tell(new JournalEvent.TargetLost(id, reason));
        return this;
    }

    private Behavior<Command> onRestart(Restart restart) {
        if (writer != null) {
            writer.tell(WriterActor.Abandon.INSTANCE);
        }
        fifo.rewindToAcked();
        closing = false;
        startWriter(restart.target());
        getContext().getLog().info("journal {}: restarted on {} from xindex {}", id,
                restart.target().description(), fifo.xindex());
        restart.replyTo().tell(new Restarted(id, fifo.xindex()));
        return this;
    }

    private Behavior<Command> onStop(Stop stop) {
        if (stopping != null) {
            stop.replyTo().tell(new Stopped(id, bytesSent, 0, 0));
            return this;
        }
        stopping = stop;
        if (stop.immediate()) {
            discardedTransactions = parked.size();
            for (Pending pending : parked) {
                if (pending.batch().remaining > 0) {
                    pending.batch().remaining = 0;
                    pending.batch().replyTo.tell(new Submitted(pending.batch().tag, id, false, 0,
                            "journal " + id + " stopped immediately"));
                }
            }
            parked.clear();
            if (writer == null) {
                return finishStop(fifo.unsent());
            }
            writer.tell(WriterActor.Abandon.INSTANCE);
            return this;
        }
        if (writer == null) {
            getContext().getLog().warn("journal {}: asked to drain and stop with no target; waiting for a restart", id);
        }
        timers.startTimerWithFixedDelay(StopWarning.INSTANCE, settings.stopWarningInterval());
        finishStopIfDrained();
        return this;
    }

    /** Drain-then-stop: once nothing is parked or unsent, close the target stream (SHUT_WR). */
    private void finishStopIfDrained() {
        if (!stopping.immediate() && parked.isEmpty() && fifo.unsent() == 0 && writerReady && writer != null) {
            writerReady = false;
            closing = true;
            writer.tell(WriterActor.Finish.INSTANCE);
        }
    }

    private Behavior<Command> onStopWarning() {
        getContext().getLog().warn("journal {}: waiting for the writer to drain ({} bytes unsent, {} parked)",
                id, fifo.unsent(), parked.size());
        return this;
    }

    private Behavior<Command> finishStop(long discarded) {
        timers.cancelAll();
        stopping.replyTo().tell(new Stopped(id, bytesSent, discarded, discardedTransactions));
        return Behaviors.stopped();
    }

    private Behavior<Command> onStatus(Status status) {
        final FifoState state = fifo.state();
        status.replyTo().tell(new JournalStatus(id, state, fifo.fullDuplex(), fifo.used(), fifo.unacked(),
                parked.size(), bytesSent, writer != null, latency.snapshot()));
        return this;
    }
}
