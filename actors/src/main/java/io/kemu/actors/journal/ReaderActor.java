package io.kemu.actors.journal;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.util.ByteString;
import io.kemu.journal.wire.AckRecordAssembler;

/**
 * The full-duplex reader, {@code journal_rthread}: decodes the target's return stream into 32-byte
 * ack records and passes each transid to the journal, which frees the acknowledged records. Like the
 * kernel it checks only the two magics; on a bad one it logs an error and stops reading (kemu also
 * has the writer cut the connection, so the journal can restart onto a good target). Holds at most
 * one partial record between chunks; backpressures the target by acknowledging each chunk only once
 * it has been handled.
 */
public final class ReaderActor {

    public sealed interface Command permits Init, Bytes, Ended, Failed {}

    /** The stream's handshake: acknowledge to start receiving. */
    public record Init(ActorRef<Continue> ackTo) implements Command {}

    public record Bytes(ActorRef<Continue> ackTo, ByteString bytes) implements Command {}

    public enum Ended implements Command { INSTANCE }

    public record Failed(Throwable cause) implements Command {}

    /** Sent back to the stream after each chunk: ready for more. */
    public enum Continue { INSTANCE }

    private final ActorContext<Command> context;
    private final ActorRef<JournalProtocol.Command> journal;
    private final ActorRef<WriterActor.Command> writer;
    private final AckRecordAssembler assembler = new AckRecordAssembler();

    public static Behavior<Command> create(ActorRef<JournalProtocol.Command> journal, ActorRef<WriterActor.Command> writer) {
        return Behaviors.setup(ctx -> {
            ctx.setLoggerName(ReaderActor.class);
            return new ReaderActor(ctx, journal, writer).reading();
        });
    }

    private ReaderActor(ActorContext<Command> ctx, ActorRef<JournalProtocol.Command> journal,
            ActorRef<WriterActor.Command> writer) {
        this.context = ctx;
        this.journal = journal;
        this.writer = writer;
    }

    /** Reading: every chunk is assembled into ack records, then acknowledged to the stream. */
    private Behavior<Command> reading() {
        return Behaviors.receive(Command.class)
                .onMessage(Init.class, this::onInit)
                .onMessage(Bytes.class, this::onBytes)
                .onMessageEquals(Ended.INSTANCE, Behaviors::stopped)
                .onMessage(Failed.class, failed -> Behaviors.stopped())
                .build();
    }

    private Behavior<Command> onInit(Init init) {
        init.ackTo().tell(Continue.INSTANCE);
        return Behaviors.same();
    }

    /**
     * After a bad record: read nothing more (no further chunk is acknowledged, so the stream holds
     * still) until the writer's cut ends the stream.
     */
    private Behavior<Command> cut() {
        return Behaviors.receive(Command.class)
                .onMessage(Bytes.class, ignored -> Behaviors.same())
                .onMessage(Init.class, ignored -> Behaviors.same())
                .onMessageEquals(Ended.INSTANCE, Behaviors::stopped)
                .onMessage(Failed.class, failed -> Behaviors.stopped())
                .build();
    }

    /** Assembles whole ack records and hands each transid to the journal, in order. */
    private Behavior<Command> onBytes(Bytes chunk) {
        final byte[] bytes = chunk.bytes().toArray();
        final String error = assembler.feed(bytes, 0, bytes.length, transid -> journal.tell(new JournalProtocol.Ack(transid)));
        if (error != null) {
            context.getLog().error("{}; cutting the target", error);
            writer.tell(new WriterActor.Cut(error));
            return cut();
        }
        chunk.ackTo().tell(Continue.INSTANCE);
        return Behaviors.same();
    }
}
