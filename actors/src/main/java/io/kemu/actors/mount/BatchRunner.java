package io.kemu.actors.mount;

import akka.actor.typed.ActorRef;
import io.kemu.actors.journal.JournalProtocol;
import io.kemu.journal.jrecord.TransactionProgram;
import io.kemu.vfs.Mount;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.workload.Step;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs a batch of VOPs on the mount and submits what the journaling layer recorded to every
 * installed journal, in the order the VOPs ran (so transids follow execution order); the
 * {@link BatchTracker} answers the producer once every journal has its part in the ring. Also owns
 * each simulated CPU's workload generator. Whether a batch may run now (flow control, the stash) is
 * the actor's call through {@link #hasRoom}. Plain and single-threaded: only {@link MountActor}
 * calls it.
 */
final class BatchRunner {
    private final Mount mount;
    private final BatchTracker batches;
    private final Supplier<Collection<Mountctl.Installed>> journals;
    private final ActorRef<JournalProtocol.Submitted> acceptedAdapter;
    private final ActorRef<MountProtocol.Executed> nobody;
    private final IntFunction<WorkloadGenerator> generators;
    private final Map<Integer, WorkloadGenerator> cpuGenerators = new HashMap<>();

    /**
     * @param journals the journals installed now (asked at every submission)
     * @param acceptedAdapter where the journals answer each {@link JournalProtocol.Submit}
     * @param nobody the producer of batches nobody waits for
     */
    BatchRunner(Mount mount, int maxBatchesInFlight, Supplier<Collection<Mountctl.Installed>> journals,
                ActorRef<JournalProtocol.Submitted> acceptedAdapter, ActorRef<MountProtocol.Executed> nobody,
                IntFunction<WorkloadGenerator> generators) {
        this.mount = mount;
        this.batches = new BatchTracker(maxBatchesInFlight);
        this.journals = journals;
        this.acceptedAdapter = acceptedAdapter;
        this.nobody = nobody;
        this.generators = generators;
    }

    /** Whether another batch may run now ({@code max-batches-in-flight} not reached). */
    boolean hasRoom() {
        return batches.hasRoom();
    }

    /** The next steps of simulated CPU {@code cpu}'s own seeded generator (made on first use). */
    Supplier<Step> generated(int cpu) {
        final WorkloadGenerator generator = cpuGenerators.computeIfAbsent(cpu, generators::apply);
        return () -> generator.next(mount);
    }

    /** Runs {@code count} steps now, in order, and hands their transactions to the journals. */
    void run(ActorRef<MountProtocol.Executed> replyTo, int count, Supplier<Step> steps) {
        int failed = 0;
        for (int i = 0; i < count; i++) {
            if (steps.get().applyTo(mount) instanceof VfsResult.Failed<?>) {
                failed++;
            }
        }
        submit(batches.open(replyTo, count, failed));
    }

    /**
     * mountctl install and remove make the journaling layer record an ASSOCIATE or DISASSOCIATE
     * transaction outside any VOP; this hands those to the journals as a batch of no VOPs that
     * nobody waits for.
     */
    void flushAssociationRecords() {
        submit(batches.open(nobody, 0, 0));
    }

    /** A journal answered a submission; returns how many batches completed (0 or 1). */
    int accepted(JournalProtocol.Submitted submitted) {
        return batches.journalDone(submitted.tag(), JournalId.of(submitted.journal()),
                submitted.accepted() ? "" : submitted.error()) ? 1 : 0;
    }

    /** {@code journal} is gone: batches waiting on it are refused; returns how many completed. */
    int journalGone(JournalId journal, String reason) {
        return batches.journalGone(journal, reason);
    }

    /** Hands every journal the transactions recorded for this batch; the tracker replies when all have them. */
    private void submit(BatchTracker.Batch batch) {
        final long tag = batches.nextTag();
        for (Mountctl.Installed journal : journals.get()) {
            final List<TransactionProgram> programs = journal.sink().takeBatch();
            if (!programs.isEmpty()) {
                batch.await(journal.id());
                journal.actor().tell(new JournalProtocol.Submit(programs, tag, acceptedAdapter));
            }
        }
        batches.track(batch);
    }
}
