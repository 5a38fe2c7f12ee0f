package io.kemu.actors.journal;

import akka.Done;
import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.japi.Pair;
import akka.stream.CompletionStrategy;
import akka.stream.Materializer;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.typed.javadsl.ActorSink;
import akka.stream.typed.javadsl.ActorSource;
import akka.util.ByteString;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The journal's writer, {@code journal_wthread}'s output half: it owns one connection to the target
 * (a materialized stream) and moves the chunks its journal hands it into that stream, one at a time.
 * The stream pulls: a chunk is only accepted once the target took the previous one, so a slow target
 * slows the writer, which stops asking for chunks, which fills the ring, which parks producers.
 *
 * <p>In full duplex the stream's return direction feeds a {@link ReaderActor} child. When the stream
 * ends, for whatever reason, the writer reports it to the journal and stops.
 */
public final class WriterActor {

    public sealed interface Command permits Chunk, Finish, Abandon, Cut, StreamReady, StreamEnded {}

    /** Bytes to write: whole records, in ring order. */
    public record Chunk(ByteString bytes) implements Command {}

    /** Close the target after what was handed over so far ({@code shutdown(SHUT_WR)}). */
    public enum Finish implements Command { INSTANCE }

    /** Close the target now, dropping anything not yet written. */
    public enum Abandon implements Command { INSTANCE }

    /** The reader saw garbage: fail the connection with {@code reason}. */
    public record Cut(String reason) implements Command {}

    enum StreamReady implements Command { INSTANCE }

    record StreamEnded(String failure) implements Command {}

    /** What the writer puts into the stream's source. */
    private sealed interface Outbound {}

    private record Data(ByteString bytes) implements Outbound {}

    private record End(CompletionStrategy strategy) implements Outbound {}

    private record Fail(String reason) implements Outbound {}

    /** Raised into the target stream when the reader cuts the connection. */
    static final class TargetMisbehaved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TargetMisbehaved(String reason) {
            super(reason);
        }
    }

    private final ActorContext<Command> context;
    private final ActorRef<JournalProtocol.Command> journal;
    private final ActorRef<Outbound> source;

    public static Behavior<Command> create(ActorRef<JournalProtocol.Command> journal, JournalTarget target,
            boolean fullDuplex) {
        return Behaviors.setup(ctx -> {
            ctx.setLoggerName(WriterActor.class);
            return new WriterActor(ctx, journal, target, fullDuplex).writing();
        });
    }

    private WriterActor(ActorContext<Command> ctx, ActorRef<JournalProtocol.Command> journal, JournalTarget target,
            boolean fullDuplex) {
        this.context = ctx;
        this.journal = journal;
        final Sink<ByteString, NotUsed> returns;
        if (fullDuplex) {
            final ActorRef<ReaderActor.Command> reader = ctx.spawn(ReaderActor.create(journal, ctx.getSelf()), "reader");
            returns = ActorSink.actorRefWithBackpressure(reader, ReaderActor.Bytes::new, ReaderActor.Init::new,
                    ReaderActor.Continue.INSTANCE, ReaderActor.Ended.INSTANCE, ReaderActor.Failed::new);
        } else {
            returns = Sink.<ByteString>ignore().mapMaterializedValue(done -> NotUsed.getInstance());
        }
        final Pair<ActorRef<Outbound>, CompletionStage<Done>> running = ActorSource.<Outbound, Command>actorRefWithBackpressure(
                        ctx.getSelf(), StreamReady.INSTANCE,
                        out -> out instanceof End end ? Optional.of(end.strategy()) : Optional.empty(),
                        out -> out instanceof Fail fail ? Optional.of(new TargetMisbehaved(fail.reason())) : Optional.empty())
                .map(out -> ((Data) out).bytes())
                .via(target.connect(ctx.getSystem()))
                .watchTermination(Keep.both())
                .to(returns)
                .run(Materializer.matFromSystem(ctx.getSystem()));
        this.source = running.first();
        // Not pipeToSelf: Akka's stage is a Scala future, whose plain callbacks run on the JDK's common
        // pool; on the actor's dispatcher the message leaves from a thread of the thread model (the
        // driver, under the deterministic one).
        final ActorRef<Command> self = ctx.getSelf();
        running.second().whenCompleteAsync((done, failure) ->
                self.tell(new StreamEnded(failure == null ? null : describe(failure))), ctx.getExecutionContext());
        journal.tell(new JournalProtocol.WriterReady(ctx.getSelf()));
    }

    private static String describe(Throwable failure) {
        final Throwable cause = failure.getCause() != null && failure.getMessage() == null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Writing: moving chunks into the stream, telling the journal each time the stream wants more. */
    private Behavior<Command> writing() {
        return Behaviors.receive(Command.class)
                .onMessage(Chunk.class, this::onChunk)
                .onMessageEquals(StreamReady.INSTANCE, this::onStreamReady)
                .onMessageEquals(Finish.INSTANCE, this::onFinish)
                .onMessageEquals(Abandon.INSTANCE, this::onAbandon)
                .onMessage(Cut.class, this::onCut)
                .onMessage(StreamEnded.class, ended -> onStreamEnded(ended.failure()))
                .build();
    }

    /** Cut: the stream was failed for {@code reason}; waiting for it to end, then reporting that reason. */
    private Behavior<Command> cut(String reason) {
        return Behaviors.receive(Command.class)
                .onMessage(StreamEnded.class, ended -> onStreamEnded(reason))
                .onMessage(Command.class, ignored -> Behaviors.same())
                .build();
    }

    private Behavior<Command> onChunk(Chunk chunk) {
        source.tell(new Data(chunk.bytes()));
        return Behaviors.same();
    }

    private Behavior<Command> onStreamReady() {
        journal.tell(new JournalProtocol.WriterReady(context.getSelf()));
        return Behaviors.same();
    }

    private Behavior<Command> onFinish() {
        source.tell(new End(CompletionStrategy.draining()));
        return Behaviors.same();
    }

    private Behavior<Command> onAbandon() {
        source.tell(new End(CompletionStrategy.immediately()));
        return Behaviors.same();
    }

    private Behavior<Command> onCut(Cut cut) {
        source.tell(new Fail(cut.reason()));
        return cut(cut.reason());
    }

    private Behavior<Command> onStreamEnded(String failure) {
        journal.tell(new JournalProtocol.TargetEnded(context.getSelf(), failure));
        return Behaviors.stopped();
    }
}
