package io.kemu.actors.cluster;

import io.kemu.hammer2.replica.Mutation;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What a {@link ClusterSimulation} counted: every answer by kind, each checked against the
 * {@link SimulationLedger}; the operations lost in flight with a coordinator that died (a write then
 * is indeterminate); the latency of each answered operation; the read-back at the end. Builds the
 * {@link SimulationReport}; draws each operation. Plain and single-threaded: only the simulation's actor calls it.
 */
final class SimulationTally {
    private final SimulationLedger ledger = new SimulationLedger();
    /** Operation latency, request to answer, in nanoseconds. */
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    private int reads;
    private int found;
    private int notFound;
    private int readsRefused;
    private int writes;
    private int acknowledged;
    private int rejected;
    private int writesRefused;
    private int failed;
    private int readsLost;
    private int writesLost;
    private int unreadable;
    private int acknowledgedAfterMove;

    /**
     * The operation on {@code key} drawn from {@code ops}: a read (null, 40%), a create (20%), a
     * modify (30%) or a delete (10%); data of 64 or 128 random bytes.
     */
    static Mutation nextMutation(Random ops, long key) {
        int kind = ops.nextInt(10);
        byte[] data = new byte[ops.nextBoolean() ? Mutation.MIN_BYTES : 2 * Mutation.MIN_BYTES];
        ops.nextBytes(data);
        return kind < 4 ? null : kind < 6 ? new Mutation.Create(key, data)
                : kind < 9 ? new Mutation.Modify(key, data) : new Mutation.Delete(key);
    }

    /**
     * The answer to a read ({@code mutation} null) or a write of {@code key}, after {@code nanos};
     * {@code afterMove}: the coordinator has moved at least once before it answered.
     */
    void answered(long key, Mutation mutation, ClusterResult result, long nanos, boolean afterMove) {
        latency.recordValue(Math.min(nanos, latency.getHighestTrackableValue()));
        if (mutation == null) {
            reads++;
            ledger.checkRead(key, result);
            found += result instanceof ClusterResult.Found ? 1 : 0;
            notFound += result instanceof ClusterResult.NotFound ? 1 : 0;
            readsRefused += result instanceof ClusterResult.Refused ? 1 : 0;
            return;
        }
        writes++;
        if (result instanceof ClusterResult.Acknowledged ack) {
            acknowledged++;
            acknowledgedAfterMove += afterMove ? 1 : 0;
            ledger.acknowledged(mutation, ack.tid());
        } else if (result instanceof ClusterResult.Rejected rejection) {
            rejected++;
            ledger.checkRejection(mutation, rejection);
        } else if (result instanceof ClusterResult.Failed failure) {
            failed++;
            ledger.failed(mutation, failure.tid());
        } else {
            writesRefused++;
        }
    }

    /** An operation sent to a coordinator that died before answering: a write is indeterminate. */
    void lostInFlight(Mutation mutation) {
        if (mutation == null) {
            readsLost++;
        } else {
            writesLost++;
            ledger.inFlight(mutation);
        }
    }

    /** The final read-back of {@code key}. */
    void readBack(long key, ClusterResult result) {
        ledger.checkRead(key, result);
        unreadable += result instanceof ClusterResult.Refused ? 1 : 0;
    }

    SimulationReport report(SimulationSpec spec, FaultPlan faults, long resyncs, long elapsedMillis,
                            int coordinatorMoves) {
        return new SimulationReport(spec, reads, found, notFound, readsRefused, writes, acknowledged, rejected,
                writesRefused, failed, ledger.surfacedFailedWrites(), faults.crashes(), faults.slowSpells(),
                faults.partitions(), resyncs, spec.keys() - unreadable, unreadable, ledger.inconsistencies(),
                elapsedMillis, latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                faults.coordinatorKills(), coordinatorMoves, readsLost, writesLost, acknowledgedAfterMove);
    }
}
