package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import io.kemu.actors.journal.JournalProtocol;
import io.kemu.actors.journal.JournalStages;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.workload.Step;
import java.util.List;

/**
 * The messages {@link MountActor} takes and the replies it sends. Requests carry a {@code replyTo};
 * replies are named for what happened ({@link Executed}, {@link Unmounted}, {@link MountctlResult}).
 * The package-private records wrap the journals' answers ({@link JournalProtocol}) and the death
 * watch, so the mount actor hears them as its own commands.
 */
public final class MountProtocol {

    private MountProtocol() {
    }

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
    public record Unmounted(Mount mount, long bytesSent, long discardedBytes, long discardedTransactions,
            JournalStages stages) {}

    /** The outcome of a mountctl command. */
    public record MountctlResult(Errno errno, String detail) {
        public static MountctlResult ok(String detail) {
            return new MountctlResult(null, detail);
        }

        public boolean isOk() {
            return errno == null;
        }
    }

    record JournalAccepted(JournalProtocol.Submitted submitted) implements Command {}

    record JournalStopped(JournalProtocol.Stopped stopped) implements Command {}

    record JournalRestarted(JournalProtocol.Restarted restarted) implements Command {}

    /**
     * The journal actor {@code actor}, installed as {@code id}, terminated; expected after its
     * Stopped, a fault otherwise. The actor, not the id, says which journal: the id may already name
     * a journal installed after this one was removed.
     */
    record JournalTerminated(JournalId id, ActorRef<JournalProtocol.Command> actor) implements Command {}
}
