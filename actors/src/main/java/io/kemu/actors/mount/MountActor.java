package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.StashBuffer;
import akka.japi.function.Function;
import io.kemu.actors.journal.JournalActor;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.journal.JournalProtocol;
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.mount.MountProtocol.Command;
import io.kemu.actors.mount.MountProtocol.Execute;
import io.kemu.actors.mount.MountProtocol.Generate;
import io.kemu.actors.mount.MountProtocol.GetStatus;
import io.kemu.actors.mount.MountProtocol.Install;
import io.kemu.actors.mount.MountProtocol.JournalAccepted;
import io.kemu.actors.mount.MountProtocol.JournalRestarted;
import io.kemu.actors.mount.MountProtocol.JournalStopped;
import io.kemu.actors.mount.MountProtocol.JournalTerminated;
import io.kemu.actors.mount.MountProtocol.Remove;
import io.kemu.actors.mount.MountProtocol.Restart;
import io.kemu.actors.mount.MountProtocol.Unmount;
import io.kemu.journal.fifo.JournalFifo;
import io.kemu.vfs.Mount;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Owns one emulated {@link Mount} and routes: runs VOPs on it (the journaling layer records each
 * journal's transactions), hands each batch's transactions to the journals' actors, and answers the
 * producer once every journal has them in its ring: the producer's wait is the kernel's sleep in
 * {@code journal_reserve}. Batches in flight are {@link BatchTracker}'s, flow control (the stash)
 * {@link BatchAdmission}'s; its protocol is {@link MountProtocol}. mountctl's
 * install, remove and restart keep their rules in {@link io.kemu.vfs.jops.MountJournals} and their
 * bookkeeping in {@link Mountctl}. Transactions reach each journal in the order the VOPs ran, so transids
 * follow execution order.
 */
public final class MountActor {

    private final ActorContext<Command> context;
    private final Mount mount;
    private final BatchRunner batches;
    private final BatchAdmission admission;
    private final Mountctl mountctl;

    /**
     * @param generators makes simulated CPU {@code cpu}'s workload generator on its first batch
     * @param events where the journals report a lost target
     */
    public static Behavior<Command> create(Mount mount, JournalSettings settings, ActorRef<JournalEvent> events,
            IntFunction<WorkloadGenerator> generators) {
        return create(mount, settings, events, generators, Props.empty());
    }

    /** As above, with the journal actors spawned on {@code journalProps} (a dispatcher, for example). */
    public static Behavior<Command> create(Mount mount, JournalSettings settings, ActorRef<JournalEvent> events,
            IntFunction<WorkloadGenerator> generators, Props journalProps) {
        return Behaviors.withStash(settings.mountStashCapacity(), stash -> Behaviors.setup(ctx ->
                new MountActor(ctx, stash, mount, settings, events, generators, journalProps).mounted()));
    }

    private MountActor(ActorContext<Command> ctx, StashBuffer<Command> stash, Mount mount, JournalSettings settings,
            ActorRef<JournalEvent> events, IntFunction<WorkloadGenerator> generators, Props journalProps) {
        ctx.setLoggerName(MountActor.class);
        this.context = ctx;
        this.mount = mount;
        this.batches = new BatchRunner(mount, settings.mountMaxBatchesInFlight(), this::installed,
                ctx.messageAdapter(JournalProtocol.Submitted.class, JournalAccepted::new), ctx.getSystem().ignoreRef(),
                generators);
        this.admission = new BatchAdmission(stash, batches);
        this.mountctl = new Mountctl(mount, (journal, target) -> {
            final ActorRef<JournalProtocol.Command> actor = ctx.spawnAnonymous(JournalActor.create(journal.id().text(),
                    new JournalFifo(journal.config().fifoSize(), journal.config().firstTransid(),
                            journal.config().isFullDuplex()), target, settings, events), journalProps);
            ctx.watchWith(actor, new JournalTerminated(journal.id(), actor));
            return actor;
        }, batches::flushAssociationRecords, ctx.messageAdapter(JournalProtocol.Stopped.class, JournalStopped::new),
                ctx.messageAdapter(JournalProtocol.Restarted.class, JournalRestarted::new));
    }

    private Collection<Mountctl.Installed> installed() {
        return mountctl.installed();
    }

    /** Mounted: running VOPs and mountctl commands. */
    private Behavior<Command> mounted() {
        return commands()
                .onMessage(JournalStopped.class, staying(m -> mountctl.stopped(m.stopped())))
                .onMessage(Unmount.class, this::onUnmount)
                .build();
    }

    /** Unmounting: every journal was told to drain; waiting for the last to stop. */
    private Behavior<Command> unmounting(Unmount unmount) {
        return commands()
                .onMessage(JournalStopped.class, m -> onJournalStoppedWhileUnmounting(m, unmount))
                .build();
    }

    private BehaviorBuilder<Command> commands() {
        return Behaviors.receive(Command.class)
                .onMessage(Execute.class, this::onExecute)
                .onMessage(Generate.class, this::onGenerate)
                .onMessage(JournalAccepted.class, this::onJournalAccepted)
                .onMessage(Install.class, staying(m -> m.replyTo().tell(mountctl.install(m.request(), m.target()))))
                .onMessage(Remove.class, staying(m -> mountctl.remove(m.id(), m.immediate(), m.replyTo())))
                .onMessage(Restart.class, staying(m -> mountctl.restart(m.id(), m.target(), m.replyTo())))
                .onMessage(JournalRestarted.class, staying(m -> mountctl.restarted(m.restarted())))
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(JournalTerminated.class, this::onJournalTerminated);
    }

    /** A batch runs now, waits for ring space or is refused: {@link BatchAdmission}'s call. */
    private Behavior<Command> onExecute(Execute execute) {
        admission.admit(execute, execute.replyTo(), execute.steps().size(), execute.steps().iterator()::next);
        return Behaviors.same();
    }

    private Behavior<Command> onGenerate(Generate generate) {
        admission.admit(generate, generate.replyTo(), generate.count(), batches.generated(generate.cpu()));
        return Behaviors.same();
    }

    private Behavior<Command> onJournalAccepted(JournalAccepted accepted) {
        admission.release(batches.accepted(accepted.submitted()));
        return Behaviors.same();
    }

    /** A mountctl command or journal answer that {@link Mountctl} handles; the state stays. */
    private static <M extends Command> Function<M, Behavior<Command>> staying(Consumer<M> action) {
        return message -> {
            action.accept(message);
            return Behaviors.same();
        };
    }

    private Behavior<Command> onJournalStoppedWhileUnmounting(JournalStopped stopped, Unmount unmount) {
        mountctl.stopped(stopped.stopped());
        return mountctl.allStopped() ? handOver(unmount) : Behaviors.same();
    }

    /**
     * A journal that stops without having been removed has failed: it leaves the mount and every
     * batch still waiting on it is answered with the reason, so no producer waits forever.
     */
    private Behavior<Command> onJournalTerminated(JournalTerminated terminated) {
        if (!mountctl.terminated(terminated.id(), terminated.actor())) {
            return Behaviors.same();
        }
        context.getLog().error("journal {} stopped unexpectedly; it is removed from the mount", terminated.id());
        admission.release(batches.journalGone(terminated.id(), "journal " + terminated.id() + " stopped unexpectedly"));
        return Behaviors.same();
    }

    private Behavior<Command> onGetStatus(GetStatus request) {
        context.spawnAnonymous(StatusGather.create(
                mountctl.installed().stream().map(Mountctl.Installed::actor).toList(), request.replyTo()));
        return Behaviors.same();
    }

    /** Unmount: every journal gets its DISASSOCIATE and drains; the mount is handed over at the end. */
    private Behavior<Command> onUnmount(Unmount unmount) {
        if (mountctl.noneInstalled()) {
            return handOver(unmount);
        }
        for (JournalId id : mountctl.installedIds()) {
            mountctl.remove(id, false, context.getSystem().ignoreRef());
        }
        return unmounting(unmount);
    }

    private Behavior<Command> handOver(Unmount unmount) {
        unmount.replyTo().tell(mountctl.unmounted(mount));
        return Behaviors.stopped();
    }
}
