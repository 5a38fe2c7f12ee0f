package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;
import io.kemu.actors.mount.MountProtocol.Command;
import io.kemu.actors.mount.MountProtocol.Executed;
import io.kemu.vfs.workload.Step;
import java.util.function.Supplier;

/**
 * The mount's flow control: whether a batch runs now, waits, or is refused. The kernel reserves
 * journal space before a VOP runs ({@code journal_reserve}), so a VOP waits while the journal is
 * full; here a batch waits (stashed, in order) while {@code max-batches-in-flight} batches are still
 * waiting for room in the rings, and beyond the stash's capacity it is refused, unexecuted.
 *
 * <p>Invariant after {@link #release}: the stash is empty or no batch has room. Runs only inside
 * {@link MountActor}'s message handling (the stash is the actor's).
 */
final class BatchAdmission {
    private final StashBuffer<Command> stash;
    private final BatchRunner batches;

    BatchAdmission(StashBuffer<Command> stash, BatchRunner batches) {
        this.stash = stash;
        this.batches = batches;
    }

    /**
     * Runs {@code request}'s {@code count} steps now through {@link BatchRunner} (in order, their
     * transactions to the journals) if a batch has room; otherwise stashes it, or refuses it when
     * the stash is full.
     */
    void admit(Command request, ActorRef<Executed> replyTo, int count, Supplier<Step> steps) {
        if (batches.hasRoom()) {
            batches.run(replyTo, count, steps);
        } else if (stash.isFull()) {
            replyTo.tell(new Executed(0, 0, "mount busy: " + stash.size()
                    + " requests already wait for journal space; nothing was executed"));
        } else {
            stash.stash(request);
        }
    }

    /**
     * {@code completed} batches are in the rings: held-back requests run, in order, while a batch
     * may be in flight. One completed batch can release several: a request whose VOPs recorded
     * nothing (every one failed, say) is answered at once and never takes a slot, so releasing
     * only one request per completed batch would leave the rest stashed forever (the hang of
     * {@code simulate --cpus 4096}). Afterwards the stash is empty or no batch has room, and each
     * batch in flight will release more when it completes.
     */
    void release(int completed) {
        if (completed > 0) {
            while (!stash.isEmpty() && batches.hasRoom()) {
                stash.unstash(Behaviors.same(), 1, c -> c);
            }
        }
    }
}
