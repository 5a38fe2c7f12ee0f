package io.kemu.actors.cpu;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.kemu.actors.dispatch.ActorClock;
import io.kemu.actors.mount.MountProtocol;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * A simulated CPU: a process issuing VOPs on a mount, one batch at a time. It sends its mount a
 * batch of its own seeded workload and waits for the answer (which comes only once every journal has
 * the batch in its ring, so a full ring makes this CPU wait, like a process asleep in
 * {@code journal_reserve}), then sends the next, until it has issued its share of operations or its
 * deadline has passed. Batch round-trip latencies go into a histogram. Time is the system's {@link
 * ActorClock} (virtual under the deterministic thread model, so a seed gives the same latencies and
 * the same deadline decisions).
 */
public final class CpuActor extends AbstractBehavior<CpuActor.Command> {

    public sealed interface Command permits Start, BatchDone {}

    /** Begin issuing; {@code replyTo} hears {@link Finished} at the end. */
    public record Start(ActorRef<Finished> replyTo) implements Command {}

    /** What one CPU did: operations issued, how many failed with an errno, batch latency in ns. */
    public record Finished(int cpu, long ops, long failed, String refused, Histogram batchLatency) {}

    record BatchDone(MountProtocol.Executed executed) implements Command {}

    private final int cpu;
    private final ActorRef<MountProtocol.Command> mount;
    private final int batch;
    private final long deadlineNanos;
    private final LongAdder progress;
    private final ActorRef<MountProtocol.Executed> adapter;
    private final ActorClock clock;
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    private long remaining;
    private long issued;
    private long failed;
    private long sentAt;
    private String refused = "";
    private ActorRef<Finished> replyTo;

    /**
     * @param ops operations to issue (Long.MAX_VALUE to run until the deadline)
     * @param deadlineNanos an {@link ActorClock} time after which no new batch starts, or 0 for none
     * @param progress counts every completed operation, for a live progress display
     */
    public static Behavior<Command> create(int cpu, ActorRef<MountProtocol.Command> mount, long ops, int batch,
            long deadlineNanos, LongAdder progress) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        return Behaviors.setup(ctx -> new CpuActor(ctx, cpu, mount, ops, batch, deadlineNanos, progress));
    }

    private CpuActor(ActorContext<Command> ctx, int cpu, ActorRef<MountProtocol.Command> mount, long ops, int batch,
            long deadlineNanos, LongAdder progress) {
        super(ctx);
        this.cpu = cpu;
        this.mount = mount;
        this.remaining = ops;
        this.batch = batch;
        this.deadlineNanos = deadlineNanos;
        this.progress = progress;
        this.adapter = ctx.messageAdapter(MountProtocol.Executed.class, BatchDone::new);
        this.clock = ActorClock.get(ctx.getSystem());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, start -> {
                    replyTo = start.replyTo();
                    return next();
                })
                .onMessage(BatchDone.class, this::onBatchDone)
                .build();
    }

    private Behavior<Command> onBatchDone(BatchDone done) {
        latency.recordValue(Math.min(clock.nanoTime() - sentAt, latency.getHighestTrackableValue()));
        final MountProtocol.Executed executed = done.executed();
        issued += executed.ops();
        failed += executed.failed();
        remaining -= executed.ops();
        progress.add(executed.ops());
        if (!executed.refused().isEmpty()) {
            refused = executed.refused();
        }
        return next();
    }

    /** Sends the next batch, or reports and stops when this CPU's share or time is used up. */
    private Behavior<Command> next() {
        final boolean late = deadlineNanos != 0 && clock.nanoTime() - deadlineNanos >= 0;
        if (remaining <= 0 || late || !refused.isEmpty()) {
            replyTo.tell(new Finished(cpu, issued, failed, refused, latency));
            return Behaviors.stopped();
        }
        sentAt = clock.nanoTime();
        mount.tell(new MountProtocol.Generate(cpu, (int) Math.min(batch, remaining), adapter));
        return this;
    }
}
