package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import io.kemu.actors.journal.JournalActor;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.TransactionProgram;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.Journal;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountJournals;
import io.kemu.vfs.workload.Step;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Owns one emulated {@link Mount}: runs VOPs on it (the journaling layer records each journal's
 * transactions), hands each batch's transactions to the journals' actors, and answers the producer
 * once every journal has them in its ring: the producer's wait is the kernel's sleep in
 * {@code journal_reserve}. Also performs mountctl's install, remove and restart, whose rules live in
 * {@link MountJournals}. Many producers may have a batch in flight; transactions reach each journal
 * in the order the VOPs ran, so transids follow execution order.
 */
public final class MountActor extends AbstractBehavior<MountActor.Command> {

    public sealed interface Command permits Execute, Generate, Install, Remove, Restart, Status, Unmount,
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

    /** The status of every installed journal, gathered into one reply. */
    public record Status(ActorRef<List<JournalStatus>> replyTo) implements Command {}

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

    private record Installed(String id, ActorRef<JournalActor.Command> actor, ProgramSink sink) {}

    private static final class InFlight {
        final ActorRef<Executed> replyTo;
        final int ops;
        final int failed;
        /** Journals that have not yet taken this batch into their rings. */
        final Set<String> awaiting = new HashSet<>();
        String refused = "";

        InFlight(ActorRef<Executed> replyTo, int ops, int failed) {
            this.replyTo = replyTo;
            this.ops = ops;
            this.failed = failed;
        }
    }

    private final Mount mount;
    private final MountJournals journals;
    private final JournalSettings settings;
    private final ActorRef<JournalEvent> events;
    private final IntFunction<WorkloadGenerator> generators;
    private final Props journalProps;
    private final StashBuffer<Command> stash;
    private final Map<Integer, WorkloadGenerator> cpuGenerators = new HashMap<>();
    private final Map<JournalId, Installed> installed = new HashMap<>();
    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private final Map<String, ActorRef<MountctlResult>> removing = new HashMap<>();
    /** Journals removed from the mount but still draining (they may need a restart to finish). */
    private final Map<String, ActorRef<JournalActor.Command>> draining = new HashMap<>();
    private final Map<String, ActorRef<MountctlResult>> restarting = new HashMap<>();
    private final ActorRef<JournalActor.Submitted> acceptedAdapter;
    private final ActorRef<JournalActor.Stopped> stoppedAdapter;
    private final ActorRef<JournalActor.Restarted> restartedAdapter;
    private long nextBatch;
    private long bytesSent;
    private long discardedBytes;
    private long discardedTransactions;
    private Unmount unmounting;

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
                new MountActor(ctx, stash, mount, settings, events, generators, journalProps)));
    }

    private MountActor(ActorContext<Command> ctx, StashBuffer<Command> stash, Mount mount, JournalSettings settings,
            ActorRef<JournalEvent> events, IntFunction<WorkloadGenerator> generators, Props journalProps) {
        super(ctx);
        ctx.setLoggerName(MountActor.class);
        this.stash = stash;
        this.journalProps = journalProps;
        this.mount = mount;
        this.journals = new MountJournals(mount);
        this.settings = settings;
        this.events = events;
        this.generators = generators;
        this.acceptedAdapter = ctx.messageAdapter(JournalActor.Submitted.class, JournalAccepted::new);
        this.stoppedAdapter = ctx.messageAdapter(JournalActor.Stopped.class, JournalStopped::new);
        this.restartedAdapter = ctx.messageAdapter(JournalActor.Restarted.class, JournalRestarted::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Execute.class, this::onExecute)
                .onMessage(Generate.class, this::onGenerate)
                .onMessage(JournalAccepted.class, this::onJournalAccepted)
                .onMessage(Install.class, this::onInstall)
                .onMessage(Remove.class, this::onRemove)
                .onMessage(JournalStopped.class, this::onJournalStopped)
                .onMessage(Restart.class, this::onRestart)
                .onMessage(JournalRestarted.class, r -> {
                    final ActorRef<MountctlResult> replyTo = restarting.remove(r.restarted().id());
                    if (replyTo != null) {
                        replyTo.tell(MountctlResult.ok("restarted, replaying from xindex " + r.restarted().replayFromXindex()));
                    }
                    return this;
                })
                .onMessage(Status.class, this::onStatus)
                .onMessage(JournalTerminated.class, this::onJournalTerminated)
                .onMessage(Unmount.class, this::onUnmount)
                .build();
    }

    /**
     * The kernel reserves journal space before a VOP runs, so a VOP waits while the journal is full.
     * Here a batch waits (stashed, in order) while {@code max-batches-in-flight} batches are still
     * waiting for room in the rings; beyond the stash's capacity it is refused, unexecuted.
     */
    private boolean mustWait(Command request, ActorRef<Executed> replyTo) {
        if (inFlight.size() < settings.mountMaxBatchesInFlight()) {
            return false;
        }
        if (stash.isFull()) {
            replyTo.tell(new Executed(0, 0, "mount busy: " + stash.size()
                    + " requests already wait for journal space; nothing was executed"));
        } else {
            stash.stash(request);
        }
        return true;
    }

    private Behavior<Command> onExecute(Execute execute) {
        if (mustWait(execute, execute.replyTo())) {
            return this;
        }
        int failed = 0;
        for (Step step : execute.steps()) {
            if (step.applyTo(mount) instanceof VfsResult.Failed<?>) {
                failed++;
            }
        }
        submit(new InFlight(execute.replyTo(), execute.steps().size(), failed));
        return this;
    }

    private Behavior<Command> onGenerate(Generate generate) {
        if (mustWait(generate, generate.replyTo())) {
            return this;
        }
        final WorkloadGenerator generator = cpuGenerators.computeIfAbsent(generate.cpu(), generators::apply);
        int failed = 0;
        for (int i = 0; i < generate.count(); i++) {
            if (generator.next(mount).applyTo(mount) instanceof VfsResult.Failed<?>) {
                failed++;
            }
        }
        submit(new InFlight(generate.replyTo(), generate.count(), failed));
        return this;
    }

    /** Hands every journal the transactions recorded for this batch; replies when all have them. */
    private void submit(InFlight batch) {
        final long id = nextBatch++;
        for (Installed journal : installed.values()) {
            final List<TransactionProgram> programs = journal.sink().takeBatch();
            if (!programs.isEmpty()) {
                batch.awaiting.add(journal.id());
                journal.actor().tell(new JournalActor.Submit(programs, id, acceptedAdapter));
            }
        }
        if (batch.awaiting.isEmpty()) {
            batch.replyTo.tell(new Executed(batch.ops, batch.failed, ""));
        } else {
            inFlight.put(id, batch);
        }
    }

    private Behavior<Command> onJournalAccepted(JournalAccepted accepted) {
        final JournalActor.Submitted submitted = accepted.submitted();
        final InFlight batch = inFlight.get(submitted.tag());
        if (batch == null) {
            return this;
        }
        if (!submitted.accepted()) {
            batch.refused = submitted.error();
        }
        return journalDone(submitted.tag(), batch, submitted.journal());
    }

    /** {@code journal} is done with batch {@code tag}; the producer hears once every journal is. */
    private Behavior<Command> journalDone(long tag, InFlight batch, String journal) {
        batch.awaiting.remove(journal);
        if (!batch.awaiting.isEmpty()) {
            return this;
        }
        inFlight.remove(tag);
        batch.replyTo.tell(new Executed(batch.ops, batch.failed, batch.refused));
        return releaseStashed();
    }

    /**
     * Runs stashed requests, in order, while a batch may be in flight. One finished batch can
     * release several: a request whose VOPs recorded nothing (every one failed, say) is answered at
     * once and never enters {@code inFlight}, so it frees no slot later; releasing only one request
     * per finished batch would leave the rest stashed forever. Invariant afterwards: the stash is
     * empty, or {@code max-batches-in-flight} batches are in flight (and each will release more).
     */
    private Behavior<Command> releaseStashed() {
        while (!stash.isEmpty() && inFlight.size() < settings.mountMaxBatchesInFlight()) {
            stash.unstash(this, 1, command -> command);
        }
        return this;
    }

    private Behavior<Command> onInstall(Install install) {
        final ProgramSink sink = new ProgramSink();
        final VfsResult<Journal> result = journals.install(install.request(), config -> sink);
        if (result instanceof VfsResult.Failed<Journal> failed) {
            install.replyTo().tell(new MountctlResult(failed.errno(), "install refused"));
            return this;
        }
        final Journal journal = ((VfsResult.Ok<Journal>) result).value();
        final JournalFifo fifo = new JournalFifo(journal.config().fifoSize(), journal.config().firstTransid(),
                journal.config().isFullDuplex());
        final ActorRef<JournalActor.Command> actor = getContext().spawnAnonymous(
                JournalActor.create(journal.id().text(), fifo, install.target(), settings, events), journalProps);
        getContext().watchWith(actor, new JournalTerminated(journal.id()));
        installed.put(journal.id(), new Installed(journal.id().text(), actor, sink));
        submit(new InFlight(getContext().getSystem().ignoreRef(), 0, 0));
        install.replyTo().tell(MountctlResult.ok("installed " + journal + " to " + install.target().description()));
        return this;
    }

    private Behavior<Command> onRemove(Remove remove) {
        final VfsResult<Journal> result = journals.remove(remove.id(), 0);
        if (result instanceof VfsResult.Failed<Journal> failed) {
            remove.replyTo().tell(new MountctlResult(failed.errno(), "no journal " + remove.id()));
            return this;
        }
        final Installed journal = installed.get(remove.id());
        submit(new InFlight(getContext().getSystem().ignoreRef(), 0, 0));
        installed.remove(remove.id());
        draining.put(remove.id().text(), journal.actor());
        removing.put(remove.id().text(), remove.replyTo());
        journal.actor().tell(new JournalActor.Stop(remove.immediate(), stoppedAdapter));
        return this;
    }

    private Behavior<Command> onJournalStopped(JournalStopped stopped) {
        bytesSent += stopped.stopped().bytesSent();
        draining.remove(stopped.stopped().id());
        discardedBytes += stopped.stopped().discardedBytes();
        discardedTransactions += stopped.stopped().discardedTransactions();
        final ActorRef<MountctlResult> replyTo = removing.remove(stopped.stopped().id());
        replyTo.tell(MountctlResult.ok("removed " + stopped.stopped().id() + " after sending "
                + stopped.stopped().bytesSent() + " bytes; discarded " + stopped.stopped().discardedBytes()
                + " bytes and " + stopped.stopped().discardedTransactions() + " transactions"));
        if (unmounting != null && installed.isEmpty() && removing.isEmpty()) {
            unmounting.replyTo().tell(new Unmounted(mount, bytesSent, discardedBytes, discardedTransactions));
            return Behaviors.stopped();
        }
        return this;
    }

    private Behavior<Command> onRestart(Restart restart) {
        final ActorRef<JournalActor.Command> stillDraining = draining.get(restart.id().text());
        if (stillDraining != null) {
            restarting.put(restart.id().text(), restart.replyTo());
            stillDraining.tell(new JournalActor.Restart(restart.target(), restartedAdapter));
            return this;
        }
        final VfsResult<Journal> result = journals.restart(restart.id(), 0);
        if (result instanceof VfsResult.Failed<Journal> failed) {
            restart.replyTo().tell(new MountctlResult(failed.errno(), "no journal " + restart.id()));
            return this;
        }
        restarting.put(restart.id().text(), restart.replyTo());
        installed.get(restart.id()).actor().tell(new JournalActor.Restart(restart.target(), restartedAdapter));
        return this;
    }

    /**
     * A journal that stops without having been removed has failed: it leaves the mount (its
     * DISASSOCIATE goes nowhere) and every batch still waiting on it is answered with the reason,
     * so no producer waits forever. A removed journal's termination is expected and ignored.
     */
    private Behavior<Command> onJournalTerminated(JournalTerminated terminated) {
        final Installed journal = installed.remove(terminated.id());
        if (journal == null) {
            return this;
        }
        getContext().getLog().error("journal {} stopped unexpectedly; it is removed from the mount", terminated.id());
        journals.remove(terminated.id(), 0);
        journal.sink().takeBatch();
        Behavior<Command> next = this;
        for (Map.Entry<Long, InFlight> entry : List.copyOf(inFlight.entrySet())) {
            if (entry.getValue().awaiting.contains(terminated.id().text())) {
                entry.getValue().refused = "journal " + terminated.id() + " stopped unexpectedly";
                next = journalDone(entry.getKey(), entry.getValue(), terminated.id().text());
            }
        }
        return next;
    }

    private Behavior<Command> onStatus(Status status) {
        final List<ActorRef<JournalActor.Command>> actors = installed.values().stream().map(Installed::actor).toList();
        getContext().spawnAnonymous(StatusGather.create(actors, status.replyTo()));
        return this;
    }

    /** Unmount: every journal gets its DISASSOCIATE and drains; the mount is handed over at the end. */
    private Behavior<Command> onUnmount(Unmount unmount) {
        unmounting = unmount;
        if (installed.isEmpty()) {
            unmount.replyTo().tell(new Unmounted(mount, bytesSent, discardedBytes, discardedTransactions));
            return Behaviors.stopped();
        }
        for (JournalId id : List.copyOf(installed.keySet())) {
            onRemove(new Remove(id, false, getContext().getSystem().ignoreRef()));
        }
        return this;
    }
}
