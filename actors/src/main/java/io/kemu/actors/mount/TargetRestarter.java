package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.vfs.jops.JournalId;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What an operator does with mountctl when a journal's target dies: restart the journal onto a
 * fresh target ({@code mountctl -r}). Listens to the journals' events and asks the mount to restart
 * the journal on {@code targets.apply(journalId)}; counts the restarts.
 */
public final class TargetRestarter {
    private final ActorContext<JournalEvent> context;
    private final Supplier<ActorRef<MountProtocol.Command>> mount;
    private final Function<String, JournalTarget> targets;
    private final AtomicInteger restarts;
    private final ActorRef<MountProtocol.MountctlResult> results;

    private TargetRestarter(ActorContext<JournalEvent> context, Supplier<ActorRef<MountProtocol.Command>> mount,
            Function<String, JournalTarget> targets, AtomicInteger restarts) {
        this.context = context;
        this.mount = mount;
        this.targets = targets;
        this.restarts = restarts;
        this.results = context.messageAdapter(MountProtocol.MountctlResult.class,
                result -> new JournalEvent.RestartResult(result.isOk(), result.detail()));
    }

    /**
     * @param mount the mount whose journals report here, looked up at the first event (the mount is
     *     created with this actor as its journals' listener, so it may not exist yet now)
     */
    public static Behavior<JournalEvent> create(Supplier<ActorRef<MountProtocol.Command>> mount,
            Function<String, JournalTarget> targets, AtomicInteger restarts) {
        return Behaviors.setup(ctx -> {
            ctx.setLoggerName(TargetRestarter.class);
            return new TargetRestarter(ctx, mount, targets, restarts).listening();
        });
    }

    /** Listening for lost targets and the outcome of the restarts it asked for. */
    private Behavior<JournalEvent> listening() {
        return Behaviors.receive(JournalEvent.class)
                .onMessage(JournalEvent.TargetLost.class, this::onTargetLost)
                .onMessage(JournalEvent.RestartResult.class, this::onRestartResult)
                .build();
    }

    private Behavior<JournalEvent> onTargetLost(JournalEvent.TargetLost lost) {
        context.getLog().info("journal {} lost its target ({}); restarting", lost.journalId(), lost.reason());
        restarts.incrementAndGet();
        mount.get().tell(new MountProtocol.Restart(JournalId.of(lost.journalId()), targets.apply(lost.journalId()), results));
        return Behaviors.same();
    }

    private Behavior<JournalEvent> onRestartResult(JournalEvent.RestartResult result) {
        if (!result.ok()) {
            context.getLog().error("journal restart failed: {}", result.detail());
        }
        return Behaviors.same();
    }
}
