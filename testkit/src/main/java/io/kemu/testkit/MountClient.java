package io.kemu.testkit;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.actors.mount.MountActor;
import io.kemu.actors.mount.MountProtocol;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.workload.Step;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A driver thread's handle on one {@link MountActor}: mountctl and unmount as blocking calls (see
 * {@link Asks}), batches of VOPs as asks whose stage completes once every journal holds them.
 * Not for use inside an actor.
 */
public final class MountClient {
    private final ActorRef<MountProtocol.Command> mount;
    private final Scheduler scheduler;
    private final Duration timeout;

    /** @param timeout the longest any one answer may take */
    public MountClient(ActorRef<MountProtocol.Command> mount, Scheduler scheduler, Duration timeout) {
        this.mount = mount;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    public ActorRef<MountProtocol.Command> ref() {
        return mount;
    }

    /**
     * mountctl install: the journal streams to {@code target} from now on.
     *
     * @throws IllegalStateException when mountctl refuses, with its errno and detail
     */
    public void install(InstallRequest request, JournalTarget target) {
        final MountProtocol.MountctlResult result = Asks.ask(mount,
                replyTo -> new MountProtocol.Install(request, target, replyTo), timeout, scheduler);
        if (!result.isOk()) {
            throw new IllegalStateException("journal install refused: " + result.errno() + " " + result.detail());
        }
    }

    /** The status of every installed journal. */
    public List<JournalStatus> status() {
        return Asks.ask(mount, MountProtocol.GetStatus::new, timeout, scheduler);
    }

    /** Unmount: every journal drains to its target, then the mount actor hands the mount back and stops. */
    public MountProtocol.Unmounted unmount() {
        return Asks.ask(mount, MountProtocol.Unmount::new, timeout, scheduler);
    }

    /** Sends one batch; the stage completes once every journal holds its transactions. */
    public CompletionStage<MountProtocol.Executed> execute(List<Step> steps) {
        return AskPattern.ask(mount, replyTo -> new MountProtocol.Execute(steps, replyTo), timeout, scheduler);
    }
}
