package io.kemu.streams.api;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.AskPattern;
import akka.japi.Pair;
import akka.japi.function.Function;
import akka.stream.CompletionStrategy;
import akka.stream.Materializer;
import akka.stream.OverflowStrategy;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.actors.mount.MountActor;
import io.kemu.actors.mount.MountProtocol;
import io.kemu.streams.JournalTargets;
import io.kemu.streams.Kemu;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.workload.Step;
import io.kemu.vfs.workload.WorkloadOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulated mount seen as a plain Java object: every command is a message to its
 * {@link MountActor} (available through {@link #actor()} for the full protocol), answered by a
 * {@link CompletionStage} of a typed result. A stage fails with a {@link KemuException} carrying one
 * clear line (and the kernel's errno where there is one) when the command is refused, the target
 * cannot be opened, or no answer comes within {@link MountOptions#timeout()}.
 *
 * <p>Invariants: installs on one {@code KemuMount} run one after the other (the id check and the
 * install cannot interleave with another install through this object); after {@link #unmount()}
 * every command fails at once. Thread-safe: call it from any thread; no method blocks.
 *
 * <p>What the facade adds to mountctl's rules ({@code journal_install_vfs_journal()} accepts any
 * id and any open descriptor): an install is refused with {@link Errno#EEXIST} when a journal of
 * that id is installed (the kernel keeps both, and remove/restart would reach only the first), and
 * the target is opened before the install ({@link JournalTargets#open}), as mountctl's caller opens
 * the descriptor it passes, so a file in a missing directory fails the install with ENOENT.
 */
public final class KemuMount {
    private static final Logger LOG = LoggerFactory.getLogger(KemuMount.class);
    /** Sent to the event logger's stream to complete it after the mount is gone. */
    private static final Object EVENTS_DONE = new Object();

    private final ActorSystem<?> system;
    private final String name;
    private final MountOptions options;
    private final ActorRef<MountProtocol.Command> actor;
    /** The classic ref of the default event logger, null when the caller gave its own events ref. */
    private final akka.actor.ActorRef eventLogger;
    private CompletionStage<?> installs = CompletableFuture.completedFuture(null);
    private volatile boolean unmounted;

    /** An installed journal: its id, its target's description and the mount's answer. */
    public record Installed(String journalId, String target, String detail) {}

    /** A batch ran: {@code failed} of its {@code ops} returned an errno, as a BSD filesystem would. */
    public record Executed(int ops, int failed) {}

    /** A removed journal, drained (or discarded, when removed immediately). */
    public record Removed(String journalId, String detail) {}

    private KemuMount(ActorSystem<?> system, String name, MountOptions options, ActorRef<MountProtocol.Command> actor,
            akka.actor.ActorRef eventLogger) {
        this.system = system;
        this.name = name;
        this.options = options;
        this.actor = actor;
        this.eventLogger = eventLogger;
    }

    /**
     * Starts a mount named {@code name} (unique in {@code system}); {@code Kemu.get(system).mount(name)}
     * calls this. IllegalArgumentException when the name is taken or not a valid actor name.
     */
    public static KemuMount start(ActorSystem<?> system, String name, MountOptions options) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        final Mount mount = new Mount(options.fsid(), options.limits(), options.clock());
        akka.actor.ActorRef eventLogger = null;
        ActorRef<JournalEvent> events = options.events();
        if (events == null) {
            eventLogger = startEventLogger(system, name);
            events = Adapter.toTyped(eventLogger);
        }
        try {
            final ActorRef<MountProtocol.Command> actor = Kemu.get(system).mount(name, mount, events, options.seed());
            return new KemuMount(system, name, options, actor, eventLogger);
        } catch (RuntimeException e) {
            if (eventLogger != null) {
                eventLogger.tell(EVENTS_DONE, akka.actor.ActorRef.noSender());
            }
            throw new IllegalArgumentException("cannot start mount " + name + ": " + e.getMessage(), e);
        }
    }

    /** Logs what the journals report (a lost target) as a warning, until sent {@link #EVENTS_DONE}. */
    private static akka.actor.ActorRef startEventLogger(ActorSystem<?> system, String name) {
        final Function<Object, Optional<CompletionStrategy>> done =
                message -> message == EVENTS_DONE ? Optional.of(CompletionStrategy.draining()) : Optional.empty();
        final Pair<akka.actor.ActorRef, CompletionStage<Done>> logger = Source.<JournalEvent>actorRef(done,
                        message -> Optional.empty(), 64, OverflowStrategy.dropHead())
                .toMat(Sink.foreach(event -> logEvent(name, event)), Keep.both())
                .run(Materializer.matFromSystem(system));
        return logger.first();
    }

    private static void logEvent(String mount, JournalEvent event) {
        if (event instanceof JournalEvent.TargetLost lost) {
            LOG.warn("mount {}: journal {} lost its target ({}); it keeps its data until restarted onto a new "
                    + "target (MountProtocol.Restart) or removed", mount, lost.journalId(), lost.reason());
        } else if (event instanceof JournalEvent.RestartResult result && !result.ok()) {
            LOG.warn("mount {}: journal restart failed: {}", mount, result.detail());
        }
    }

    /** The mount's name, as given to {@code Kemu.mount}. */
    public String name() {
        return name;
    }

    /** The options the mount was built with. */
    public MountOptions options() {
        return options;
    }

    /** The mount's actor, for the full protocol ({@code Generate}, {@code Restart}, ...). */
    public ActorRef<MountProtocol.Command> actor() {
        return actor;
    }

    /** Installs journal {@code journalId} (default FIFO size, first transid from the clock) to {@code target}. */
    public CompletionStage<Installed> install(String journalId, JournalTarget target) {
        final InstallRequest request;
        try {
            request = InstallRequest.of(journalId, 0);
        } catch (IllegalArgumentException e) {
            return failed(Errno.EINVAL, "cannot install: " + e.getMessage());
        }
        return install(request, target);
    }

    /**
     * mountctl install: refused with EEXIST when the id is installed, fails with the open's errno when
     * the target cannot be opened, else answers once the journal's ASSOCIATE record is in its ring.
     */
    public CompletionStage<Installed> install(InstallRequest request, JournalTarget target) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(target, "target");
        synchronized (this) {
            final CompletionStage<Installed> next = installs.handle((previous, failure) -> null)
                    .thenCompose(ignored -> installNow(request, target));
            installs = next;
            return next;
        }
    }

    private CompletionStage<Installed> installNow(InstallRequest request, JournalTarget target) {
        final String id = request.id().text();
        if (unmounted) {
            return failed(null, "mount " + name + " is unmounted: cannot install journal " + id);
        }
        return status().thenCompose(journals -> {
            if (journals.stream().anyMatch(journal -> journal.id().equals(id))) {
                throw new KemuException(Errno.EEXIST, "mount " + name + ": journal " + id
                        + " is already installed (EEXIST); remove it first or choose another id");
            }
            return JournalTargets.open(target, system).handle((opened, failure) -> {
                if (failure != null && cause(failure) instanceof JournalTargets.TargetOpenException open) {
                    throw new KemuException(open.errno(), "mount " + name + ": cannot install journal " + id
                            + ": " + open.getMessage());
                }
                if (failure != null) {
                    throw new KemuException("mount " + name + ": cannot install journal " + id + ": "
                            + cause(failure).getMessage(), cause(failure));
                }
                return opened;
            });
        }).thenCompose(opened -> this.<MountProtocol.MountctlResult>ask("install journal " + id,
                reply -> new MountProtocol.Install(request, target, reply))).thenApply(result -> {
                    if (!result.isOk()) {
                        throw new KemuException(result.errno(), "mount " + name + ": install of journal " + id
                                + " refused: " + result.errno() + " (" + result.detail() + ")");
                    }
                    return new Installed(id, target.description(), result.detail());
                });
    }

    /** Runs {@code ops} in order with {@link MountOptions#cred()}. */
    public CompletionStage<Executed> execute(WorkloadOp... ops) {
        final List<Step> steps = new ArrayList<>(ops.length);
        for (WorkloadOp op : ops) {
            steps.add(new Step(Objects.requireNonNull(op, "op"), options.cred()));
        }
        return execute(steps);
    }

    /**
     * Runs {@code steps} in order, each with its own credentials; answers once every journal has the
     * batch in its ring. A VOP's errno is a result, not a failure ({@link Executed#failed()}); the stage
     * fails only when a journal refused the batch (it is stopping) or the mount is too busy to take it.
     */
    public CompletionStage<Executed> execute(List<Step> steps) {
        final List<Step> batch = List.copyOf(steps);
        return this.<MountProtocol.Executed>ask("execute " + batch.size() + " operations",
                reply -> new MountProtocol.Execute(batch, reply)).thenApply(executed -> {
                    if (!executed.refused().isEmpty()) {
                        throw new KemuException(null, "mount " + name + ": " + executed.refused());
                    }
                    return new Executed(executed.ops(), executed.failed());
                });
    }

    /** Every installed journal's status (empty when none is installed). */
    public CompletionStage<List<JournalStatus>> status() {
        return this.<List<JournalStatus>>ask("status", MountProtocol.GetStatus::new);
    }

    /** mountctl remove: DISASSOCIATE, then drain every byte to the target; answers when stopped. */
    public CompletionStage<Removed> remove(String journalId) {
        return remove(journalId, false);
    }

    /**
     * mountctl remove; {@code immediate} discards what the target has not taken instead of draining
     * it. Fails with ENOENT when no journal is installed, EINVAL when none has that id.
     */
    public CompletionStage<Removed> remove(String journalId, boolean immediate) {
        final JournalId id;
        try {
            id = JournalId.of(journalId);
        } catch (IllegalArgumentException e) {
            return failed(Errno.EINVAL, "cannot remove: " + e.getMessage());
        }
        return this.<MountProtocol.MountctlResult>ask("remove journal " + journalId,
                reply -> new MountProtocol.Remove(id, immediate, reply)).thenApply(result -> {
                    if (!result.isOk()) {
                        throw new KemuException(result.errno(), "mount " + name + ": no journal " + journalId
                                + " to remove (" + result.errno() + ")");
                    }
                    return new Removed(journalId, result.detail());
                });
    }

    /**
     * Removes every journal (each drained, DISASSOCIATE last), stops the mount and hands the emulated
     * {@link Mount} back. Afterwards every command of this object fails at once.
     */
    public CompletionStage<MountProtocol.Unmounted> unmount() {
        final CompletionStage<MountProtocol.Unmounted> result =
                this.<MountProtocol.Unmounted>ask("unmount", MountProtocol.Unmount::new);
        unmounted = true;
        return result.whenComplete((done, failure) -> {
            if (eventLogger != null && failure == null) {
                eventLogger.tell(EVENTS_DONE, akka.actor.ActorRef.noSender());
            }
        });
    }

    /** Asks the mount actor; a timeout becomes a KemuException naming the command. */
    private <R> CompletionStage<R> ask(String what, akka.japi.function.Function<ActorRef<R>, MountProtocol.Command> message) {
        if (unmounted) {
            return failed(null, "mount " + name + " is unmounted: cannot " + what);
        }
        return AskPattern.<MountProtocol.Command, R>ask(actor, message, options.timeout(), system.scheduler())
                .handle((reply, failure) -> {
                    if (failure == null) {
                        return reply;
                    }
                    if (cause(failure) instanceof TimeoutException) {
                        throw new KemuException(null, "mount " + name + ": no answer to " + what + " within "
                                + options.timeout().toMillis() + " ms");
                    }
                    throw new KemuException("mount " + name + ": " + what + " failed: " + cause(failure).getMessage(),
                            cause(failure));
                });
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static <R> CompletionStage<R> failed(Errno errno, String message) {
        return CompletableFuture.failedFuture(new KemuException(errno, message));
    }
}
