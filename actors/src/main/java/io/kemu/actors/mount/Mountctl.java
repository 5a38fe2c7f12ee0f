package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import io.kemu.actors.journal.JournalProtocol;
import io.kemu.actors.journal.JournalStages;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.actors.mount.MountProtocol.MountctlResult;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.Journal;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountJournals;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * mountctl on one mount: install, remove and restart of its journals. The rules (ENOENT, EINVAL,
 * the clock transid, the ASSOCIATE and DISASSOCIATE records) are {@link MountJournals}'; this class
 * keeps who is where, every map keyed by {@link JournalId}: installed (on the mount, taking
 * transactions), removing (off the mount, its actor draining or discarding until it reports
 * {@link JournalProtocol.Stopped}) and the restarts waiting for their {@link JournalProtocol.Restarted}.
 * It also sums what stopped journals sent and discarded, for the unmount's answer.
 *
 * <p>Plain and single-threaded: only {@link MountActor} calls it; journal actors are spawned
 * through the {@code spawn} function it is given. Invariant: a journal is in at most one of
 * installed and removing.
 */
final class Mountctl {

    /** An installed journal: its actor and the sink its transactions are recorded into. */
    record Installed(JournalId id, ActorRef<JournalProtocol.Command> actor, ProgramSink sink) {}

    private record Removal(ActorRef<JournalProtocol.Command> actor, ActorRef<MountctlResult> replyTo) {}

    private final MountJournals rules;
    private final BiFunction<Journal, JournalTarget, ActorRef<JournalProtocol.Command>> spawn;
    private final Runnable flushAssociationRecords;
    private final ActorRef<JournalProtocol.Stopped> stoppedTo;
    private final ActorRef<JournalProtocol.Restarted> restartedTo;
    private final Map<JournalId, Installed> installed = new HashMap<>();
    private final Map<JournalId, Removal> removing = new HashMap<>();
    private final Map<JournalId, ActorRef<MountctlResult>> restarting = new HashMap<>();
    private long bytesSent;
    private JournalStages stages = JournalStages.NONE;
    private long discardedBytes;
    private long discardedTransactions;

    /**
     * @param spawn starts the actor of a journal the rules accepted, streaming to the given target
     * @param flushAssociationRecords hands the (DIS)ASSOCIATE transactions just recorded to the journals
     * @param stoppedTo hears each removed journal's {@link JournalProtocol.Stopped}
     * @param restartedTo hears each restarted journal's {@link JournalProtocol.Restarted}
     */
    Mountctl(Mount mount, BiFunction<Journal, JournalTarget, ActorRef<JournalProtocol.Command>> spawn,
            Runnable flushAssociationRecords, ActorRef<JournalProtocol.Stopped> stoppedTo,
            ActorRef<JournalProtocol.Restarted> restartedTo) {
        this.rules = new MountJournals(mount);
        this.spawn = spawn;
        this.flushAssociationRecords = flushAssociationRecords;
        this.stoppedTo = stoppedTo;
        this.restartedTo = restartedTo;
    }

    /**
     * mountctl install: the rules decide; an accepted journal gets its actor, then its ASSOCIATE goes
     * out. An id that is installed, or still being removed, is refused with EEXIST before the rules
     * run: the kernel's {@code journal_install_vfs_journal()} would list a second journal under the
     * same id, but here an id names one actor, and replacing it would orphan the first journal.
     */
    MountctlResult install(InstallRequest request, JournalTarget target) {
        if (installed.containsKey(request.id()) || removing.containsKey(request.id())) {
            return new MountctlResult(Errno.EEXIST, "journal " + request.id() + " is already installed"
                    + (removing.containsKey(request.id()) ? " (still being removed)" : ""));
        }
        final ProgramSink sink = new ProgramSink();
        final VfsResult<Journal> result = rules.install(request, config -> sink);
        if (result instanceof VfsResult.Failed<Journal> failed) {
            return new MountctlResult(failed.errno(), "install refused");
        }
        final Journal journal = ((VfsResult.Ok<Journal>) result).value();
        assert !removing.containsKey(journal.id()) : "journal " + journal.id() + " is still being removed";
        installed.put(journal.id(), new Installed(journal.id(), spawn.apply(journal, target), sink));
        flushAssociationRecords.run();
        return MountctlResult.ok("installed " + journal + " to " + target.description());
    }

    /**
     * mountctl remove: the journal leaves the mount, its DISASSOCIATE goes out, then it drains and
     * stops ({@code immediate}: discards); {@code replyTo} hears when it stopped, or at once if refused.
     */
    void remove(JournalId id, boolean immediate, ActorRef<MountctlResult> replyTo) {
        final VfsResult<Journal> result = rules.remove(id, 0);
        if (result instanceof VfsResult.Failed<Journal> failed) {
            replyTo.tell(new MountctlResult(failed.errno(), "no journal " + id));
            return;
        }
        flushAssociationRecords.run();
        final Installed journal = installed.remove(id);
        removing.put(id, new Removal(journal.actor(), replyTo));
        journal.actor().tell(new JournalProtocol.Stop(immediate, stoppedTo));
    }

    /** A removed journal stopped: sums its totals and answers whoever removed it. */
    void stopped(JournalProtocol.Stopped stopped) {
        bytesSent += stopped.bytesSent();
        stages = stages.plus(stopped.stages());
        discardedBytes += stopped.discardedBytes();
        discardedTransactions += stopped.discardedTransactions();
        removing.remove(JournalId.of(stopped.id())).replyTo().tell(MountctlResult.ok("removed " + stopped.id()
                + " after sending " + stopped.bytesSent() + " bytes; discarded " + stopped.discardedBytes()
                + " bytes and " + stopped.discardedTransactions() + " transactions"));
    }

    /**
     * mountctl restart onto a new target; a journal still draining after its removal may be
     * restarted too (it may need a new target to finish draining).
     */
    void restart(JournalId id, JournalTarget target, ActorRef<MountctlResult> replyTo) {
        final Removal draining = removing.get(id);
        final ActorRef<JournalProtocol.Command> actor;
        if (draining != null) {
            actor = draining.actor();
        } else {
            final VfsResult<Journal> result = rules.restart(id, 0);
            if (result instanceof VfsResult.Failed<Journal> failed) {
                replyTo.tell(new MountctlResult(failed.errno(), "no journal " + id));
                return;
            }
            actor = installed.get(id).actor();
        }
        restarting.put(id, replyTo);
        actor.tell(new JournalProtocol.Restart(target, restartedTo));
    }

    /** A restart finished: answers whoever asked for it. */
    void restarted(JournalProtocol.Restarted restarted) {
        final ActorRef<MountctlResult> replyTo = restarting.remove(JournalId.of(restarted.id()));
        if (replyTo != null) {
            replyTo.tell(MountctlResult.ok("restarted, replaying from xindex " + restarted.replayFromXindex()));
        }
    }

    /**
     * The journal actor {@code actor}, installed as {@code id}, terminated. If it is still the one
     * installed under that id it failed: it leaves the mount (its DISASSOCIATE goes nowhere) and true
     * is returned. A removed journal's end is expected (false), also when the id was installed again
     * before the old actor's death was heard: that is another journal, which stays.
     */
    boolean terminated(JournalId id, ActorRef<JournalProtocol.Command> actor) {
        final Installed journal = installed.get(id);
        if (journal == null || !journal.actor().equals(actor)) {
            return false;
        }
        installed.remove(id);
        rules.remove(id, 0);
        journal.sink().takeBatch();
        return true;
    }

    Collection<Installed> installed() {
        return installed.values();
    }

    List<JournalId> installedIds() {
        return List.copyOf(installed.keySet());
    }

    boolean noneInstalled() {
        return installed.isEmpty();
    }

    /** Nothing installed and nothing still stopping: the mount can be handed over. */
    boolean allStopped() {
        return installed.isEmpty() && removing.isEmpty();
    }

    MountProtocol.Unmounted unmounted(Mount mount) {
        return new MountProtocol.Unmounted(mount, bytesSent, discardedBytes, discardedTransactions, stages);
    }
}
