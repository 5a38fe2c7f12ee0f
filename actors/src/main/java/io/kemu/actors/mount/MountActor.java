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
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.journal.fifo.JournalFifo;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.workload.Step;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Owns one emulated {@link Mount} and routes: runs VOPs on it (the journaling layer records each
 * journal's transactions), hands each batch's transactions to the journals' actors, and answers the
 * producer once every journal has them in its ring: the producer's wait is the kernel's sleep in
 * {@code journal_reserve}. Batches in flight and flow control are {@link BatchTracker}'s; mountctl's
 * install, remove and restart keep their rules in {@link io.kemu.vfs.jops.MountJournals} and their
 * bookkeeping in {@link Mountctl}. Transactions reach each journal in the order the VOPs ran, so transids
 * follow execution order.
 */
public final class MountActor {

    public sealed interface Command permits Execute, Generate, Install, Remove, Restart, GetStatus, Unmount,
            JournalAccepted, JournalStopped, JournalRestarted, JournalTerminated {}

    /** Run these steps in order. */
    public record Execute(List<Step> steps, ActorRef<Executed> replyTo) implements Command {}

    /** Run {@code count} steps of simulated CPU {@code cpu}'s own seeded generator. */
    public record Generate(int cpu, int count, ActorRef<Executed> replyTo) implements Command {}

    /**
     * A batch is in every journal's ring: {@code failed} VOPs returned an errno; {@code refused} is
     * non-empty when a journal would not take the batch (it is stopping).
     */
    public record Executed(int ops, int failed, String refused) {}

    public record Install(InstallRequest request, JournalTarget target, ActorRef<MountctlResult> replyTo)
            implements Command {}

    /** mountctl remove: DISASSOCIATE, then drain and stop ({@code immediate}: discard instead). */
    public record Remove(JournalId id, boolean immediate, ActorRef<MountctlResult> replyTo) implements Command {}

    /** mountctl restart onto a new target: the journal replays from its oldest unacknowledged byte. */
    public record Restart(JournalId id, JournalTarget target, ActorRef<MountctlResult> replyTo) implements Command {}

    /** Asks for the status of every installed journal, gathered into one reply. */
    public record GetStatus(ActorRef<List<JournalStatus>> replyTo) implements Command {}

    /** Remove every journal (drained), then hand the mount over to {@code replyTo} and stop. */
    public record Unmount(ActorRef<Unmounted> replyTo) implements Command {}

    /**
     * The mount after every journal drained: {@code bytesSent} to targets; an immediate removal may
     * have discarded {@code discardedBytes} and {@code discardedTransactions} (a drained one never does).
     */
    public record Unmounted(Mount mount, long bytesSent, long discardedBytes, long discardedTransactions) {}

    /** The outcome of a mountctl command. */
    public record MountctlResult(Errno errno, String detail) {
        public static MountctlResult ok(String detail) {
            return new MountctlResult(null, detail);
        }

        public boolean isOk() {
            return errno == null;
        }
    }

    record JournalAccepted(JournalActor.Submitted submitted) implements Command {}

    record JournalStopped(JournalActor.Stopped stopped) implements Command {}

    record JournalRestarted(JournalActor.Restarted restarted) implements Command {}

    /** A journal actor terminated; expected after its Stopped, a fault otherwise. */
    record JournalTerminated(JournalId id) implements Command {}

    private final ActorContext<Command> context;
    private final Mount mount;
    private final StashBuffer<Command> stash;
    private final BatchRunner batches;
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
        this.stash = stash;
        this.mount = mount;
        this.batches = new BatchRunner(mount, settings.mountMaxBatchesInFlight(), this::installed,
                ctx.messageAdapter(JournalActor.Submitted.class, JournalAccepted::new), ctx.getSystem().ignoreRef(),
                generators);
        this.mountctl = new Mountctl(mount, (journal, target) -> {
            final ActorRef<JournalActor.Command> actor = ctx.spawnAnonymous(JournalActor.create(journal.id().text(),
                    new JournalFifo(journal.config().fifoSize(), journal.config().firstTransid(),
                            journal.config().isFullDuplex()), target, settings, events), journalProps);
            ctx.watchWith(actor, new JournalTerminated(journal.id()));
            return actor;
        }, batches::flushAssociationRecords, ctx.messageAdapter(JournalActor.Stopped.class, JournalStopped::new),
                ctx.messageAdapter(JournalActor.Restarted.class, JournalRestarted::new));
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

    private Behavior<Command> onExecute(Execute execute) {
        return runBatch(execute, execute.replyTo(), execute.steps().size(), execute.steps().iterator()::next);
    }

    private Behavior<Command> onGenerate(Generate generate) {
        return runBatch(generate, generate.replyTo(), generate.count(), batches.generated(generate.cpu()));
    }

    /**
     * The kernel reserves journal space before a VOP runs, so a VOP waits while the journal is full.
     * Here a batch waits (stashed, in order) while {@code max-batches-in-flight} batches are still
     * waiting for room in the rings; beyond the stash's capacity it is refused, unexecuted. Otherwise
     * {@link BatchRunner} runs its {@code count} steps now, in order, and its transactions go to the journals.
     */
    private Behavior<Command> runBatch(Command request, ActorRef<Executed> replyTo, int count, Supplier<Step> steps) {
        if (!batches.hasRoom()) {
            if (stash.isFull()) {
                replyTo.tell(new Executed(0, 0, "mount busy: " + stash.size()
                        + " requests already wait for journal space; nothing was executed"));
            } else {
                stash.stash(request);
            }
            return Behaviors.same();
        }
        batches.run(replyTo, count, steps);
        return Behaviors.same();
    }

    private Behavior<Command> onJournalAccepted(JournalAccepted accepted) {
        return releaseWaiting(batches.accepted(accepted.submitted()));
    }

    /**
     * {@code completed} batches are in the rings: held-back requests run, in order, while a batch
     * may be in flight. One completed batch can release several: a request whose VOPs recorded
     * nothing (every one failed, say) is answered at once and never takes a slot, so releasing
     * only one request per completed batch would leave the rest stashed forever (the hang of
     * {@code simulate --cpus 4096}). Afterwards the stash is empty or no batch has room, and each
     * batch in flight will release more when it completes.
     */
    private Behavior<Command> releaseWaiting(int completed) {
        if (completed > 0) {
            while (!stash.isEmpty() && batches.hasRoom()) {
                stash.unstash(Behaviors.same(), 1, c -> c);
            }
        }
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
        if (!mountctl.terminated(terminated.id())) {
            return Behaviors.same();
        }
        context.getLog().error("journal {} stopped unexpectedly; it is removed from the mount", terminated.id());
        return releaseWaiting(batches.journalGone(terminated.id(), "journal " + terminated.id() + " stopped unexpectedly"));
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
