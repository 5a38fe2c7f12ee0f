package io.kemu.actors.journal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.kemu.actors.dispatch.ActorClock;
import io.kemu.journal.fifo.AckResult;
import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.scan.Transids;
import java.util.function.LongConsumer;

/**
 * What {@link JournalActor} does in every state: the ring, the parked producers, the writer
 * children, bytes sent and ack latency. It never decides the journal's state; its methods report
 * what happened and the actor picks the next behavior. Runs only inside the actor (its context).
 *
 * <p>Mirrors the kernel's {@code journal_wthread} feeding loop (a chunk of whole records per wakeup)
 * and the ack path of {@code journal_rthread} ({@link JournalFifo#ack}); byte rules stay in the FIFO.
 */
final class JournalLink {

    private final ActorContext<JournalProtocol.Command> context;
    private final String id;
    private final JournalFifo fifo;
    private final JournalSettings settings;
    private final ActorRef<JournalEvent> events;
    private final ParkedTransactions parked;
    private final AckLatency latency;
    private final LongConsumer committed;
    private int generation;
    private long bytesSent;
    private long writerNanos;
    private long socketNanos;
    /** When the chunk the writer holds was handed over; -1 when it holds none. */
    private long handedAt = -1;

    JournalLink(ActorContext<JournalProtocol.Command> context, String id, JournalFifo fifo, JournalSettings settings,
            ActorRef<JournalEvent> events) {
        this.context = context;
        this.id = id;
        this.fifo = fifo;
        this.settings = settings;
        this.events = events;
        this.parked = new ParkedTransactions(id);
        this.latency = new AckLatency(ActorClock.get(context.getSystem())::nanoTime);
        this.committed = fifo.fullDuplex() ? latency::committed : transid -> { };
    }

    long unsent() {
        return fifo.unsent();
    }

    /** Spawns the next generation's writer on {@code target}; it says when it is ready. */
    WriterHandle connect(JournalTarget target) {
        ++generation;
        handedAt = -1;
        final ActorRef<WriterActor.Command> ref = context.spawn(
                WriterActor.create(context.getSelf(), target, fifo.fullDuplex()), "writer-" + generation);
        context.watchWith(ref, new JournalProtocol.TargetEnded(ref, "writer " + generation + " stopped"));
        return new WriterHandle(ref);
    }

    /** mountctl restart: drop the old connection, rewind to {@code xindex}, connect anew, answer. */
    WriterHandle restart(WriterHandle old, JournalProtocol.Restart restart) {
        old.abandon();
        fifo.rewindToAcked();
        final WriterHandle writer = connect(restart.target());
        context.getLog().info("journal {}: restarted on {} from xindex {}", id, restart.target().description(),
                fifo.xindex());
        restart.replyTo().tell(new JournalProtocol.Restarted(id, fifo.xindex()));
        return writer;
    }

    boolean isCurrent(WriterHandle writer, JournalProtocol.TargetEnded ended) {
        return writer.connected() && ended.writer().equals(writer.ref);
    }

    /** The current target is gone: report it and hand back {@link WriterHandle#NONE}. */
    WriterHandle lost(JournalProtocol.TargetEnded ended) {
        final String reason = ended.failure() == null ? "target closed the stream" : ended.failure();
        context.getLog().warn("journal {}: target lost ({}); {} bytes unacknowledged, {} unsent",
                id, reason, fifo.unacked(), fifo.unsent());
        events.tell(new JournalEvent.TargetLost(id, reason));
        return WriterHandle.NONE;
    }

    void submit(JournalProtocol.Submit submit, WriterHandle writer) {
        parked.add(submit.programs(), submit.tag(), submit.replyTo());
        replay(writer);
    }

    void refuse(JournalProtocol.Submit submit) {
        submit.replyTo().tell(new JournalProtocol.Submitted(submit.tag(), id, false, 0, "journal " + id + " is stopping"));
    }

    /** Replays what is parked; feeds the writer when the wakeup rule asks. */
    void replay(WriterHandle writer) {
        if (parked.replay(fifo, committed)) {
            feed(writer);
        }
    }

    /** One writer step: hand the next chunk of complete records to a ready writer. */
    void feed(WriterHandle writer) {
        if (!writer.ready) {
            return;
        }
        final ChunkCollector chunk = new ChunkCollector();
        final int xBefore = fifo.xindex();
        final long started = System.nanoTime();
        fifo.drain(chunk, settings.maxChunkBytes());
        final long drained = System.nanoTime();
        writerNanos += drained - started;
        if (chunk.length() > 0) {
            writer.ready = false;
            handedAt = drained;
            bytesSent += chunk.length();
            writer.ref.tell(new WriterActor.Chunk(chunk.result()));
        }
        if (fifo.xindex() != xBefore) {
            replay(writer);
        }
    }

    /** Marks the writer ready and feeds it; false when the message came from a stale writer. */
    boolean writerReady(WriterHandle writer, JournalProtocol.WriterReady ready) {
        if (!writer.connected() || !ready.writer().equals(writer.ref)) {
            return false;
        }
        writer.ready = true;
        if (handedAt >= 0) {
            socketNanos += System.nanoTime() - handedAt;
            handedAt = -1;
        }
        feed(writer);
        return true;
    }

    /** Frees acknowledged records ({@code journal_rthread}) and lets parked producers retry. */
    void ack(WriterHandle writer, JournalProtocol.Ack ack) {
        final AckResult result = fifo.ack(ack.transid());
        if (result.stop() == AckResult.Stop.EMPTY) {
            context.getLog().warn("journal {}: unsent data acknowledged transid {}", id, Transids.format(ack.transid()));
        } else if (result.stop() == AckResult.Stop.GREATER && result.retired() == 0) {
            context.getLog().warn("journal {}: unsent data(2) acknowledged transid {}", id, Transids.format(ack.transid()));
        }
        if (result.retired() > 0) {
            latency.acknowledged(ack.transid());
            replay(writer);
        }
    }

    /** Drain-then-stop may close the target: nothing parked, nothing unsent, the writer idle. */
    boolean drained(WriterHandle writer) {
        return parked.isEmpty() && fifo.unsent() == 0 && writer.ready;
    }

    /** Stop now: refuse every parked batch; returns how many transactions were dropped. */
    int discardParked() {
        return parked.discardAll("journal " + id + " stopped immediately");
    }

    void warnNoTarget() {
        context.getLog().warn("journal {}: asked to drain and stop with no target; waiting for a restart", id);
    }

    Behavior<JournalProtocol.Command> warnStillDraining() {
        context.getLog().warn("journal {}: waiting for the writer to drain ({} bytes unsent, {} parked)",
                id, fifo.unsent(), parked.size());
        return Behaviors.same();
    }

    /** Tells {@code stop}'s sender the journal stopped: bytes sent, and what an immediate stop dropped. */
    void tellStopped(JournalProtocol.Stop stop, long discardedBytes, int discardedTransactions) {
        stop.replyTo().tell(new JournalProtocol.Stopped(id, bytesSent, discardedBytes, discardedTransactions, stages()));
    }

    /** A second Stop while stopping is answered at once with what was sent so far. */
    Behavior<JournalProtocol.Command> answerSecondStop(JournalProtocol.Stop stop) {
        tellStopped(stop, 0, 0);
        return Behaviors.same();
    }

    private JournalStages stages() {
        return new JournalStages(parked.ringWaitNanos(), writerNanos, socketNanos);
    }

    Behavior<JournalProtocol.Command> replyStatus(WriterHandle writer, JournalProtocol.GetStatus request) {
        request.replyTo().tell(new JournalStatus(id, fifo.state(), fifo.fullDuplex(), fifo.used(), fifo.unacked(),
                parked.size(), bytesSent, writer.connected(), latency.snapshot(), stages()));
        return Behaviors.same();
    }
}
