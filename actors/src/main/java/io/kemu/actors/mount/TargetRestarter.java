package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
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
    private TargetRestarter() {
    }

    /**
     * @param mount the mount whose journals report here, looked up at the first event (the mount is
     *     created with this actor as its journals' listener, so it may not exist yet now)
     */
    public static Behavior<JournalEvent> create(Supplier<ActorRef<MountActor.Command>> mount,
            Function<String, JournalTarget> targets, AtomicInteger restarts) {
        return Behaviors.setup(ctx -> {
            ctx.setLoggerName(TargetRestarter.class);
            final ActorRef<MountActor.MountctlResult> results = ctx.messageAdapter(MountActor.MountctlResult.class,
                    result -> new JournalEvent.RestartResult(result.isOk(), result.detail()));
            return Behaviors.receive(JournalEvent.class)
                    .onMessage(JournalEvent.TargetLost.class, lost -> {
                        ctx.getLog().info("journal {} lost its target ({}); restarting", lost.journalId(), lost.reason());
                        restarts.incrementAndGet();
                        mount.get().tell(new MountActor.Restart(JournalId.of(lost.journalId()),
                                targets.apply(lost.journalId()), results));
                        return Behaviors.same();
                    })
                    .onMessage(JournalEvent.RestartResult.class, result -> {
                        if (!result.ok()) {
                            ctx.getLog().error("journal restart failed: {}", result.detail());
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
