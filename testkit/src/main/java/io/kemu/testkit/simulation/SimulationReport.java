package io.kemu.testkit.simulation;

import io.kemu.actors.journal.JournalStages;
import io.kemu.actors.journal.LatencySnapshot;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a simulation: throughput, what the journals did, and the verification — every
 * journal's mirror equal to its mount's emulated tree, every journal stream well formed with
 * strictly increasing transids (nothing duplicated), and nothing refused.
 */
public record SimulationReport(
        long ops,
        long failedOps,
        double seconds,
        long bytesSent,
        long fifostalls,
        int restarts,
        LatencySnapshot ackLatency,
        Histogram batchLatency,
        List<JournalOutcome> journals,
        List<String> problems,
        Stages stages,
        Virtual virtual) {

    /** A report of a run under any thread model but {@code deterministic} (no virtual time). */
    public SimulationReport(long ops, long failedOps, double seconds, long bytesSent, long fifostalls, int restarts,
            LatencySnapshot ackLatency, Histogram batchLatency, List<JournalOutcome> journals, List<String> problems,
            Stages stages) {
        this(ops, failedOps, seconds, bytesSent, fifostalls, restarts, ackLatency, batchLatency, journals, problems,
                stages, null);
    }

    /**
     * The deterministic thread model's clock: virtual time the issuing phase took, and the whole run up
     * to the report (the ack and VOP batch latencies are virtual too; {@code seconds} stays wall clock).
     */
    public record Virtual(long issuingNanos, long totalNanos) {}

    /** This report with {@code problem} added (a run that failed as a whole, after its report was made). */
    public SimulationReport withProblem(String problem) {
        final List<String> more = new java.util.ArrayList<>(problems);
        more.add(problem);
        return new SimulationReport(ops, failedOps, seconds, bytesSent, fifostalls, restarts, ackLatency, batchLatency,
                journals, List.copyOf(more), stages, virtual);
    }

    /**
     * Where the time went. {@code phases}: wall-clock seconds of each phase after setup, in order
     * (issuing, draining, stopping the targets, each verification step summed over mounts).
     * {@code generatingNanos}/{@code applyingNanos}: time the mount threads spent generating steps
     * and running them (the VOP with its journal records), summed over mounts. {@code cpuWaitNanos}:
     * time the simulated CPUs waited for their batches, summed over CPUs (the mount's queue, its own
     * work, and room in the rings). {@code journal}: the journals' own stages, summed over journals
     * ({@link JournalStages}); {@code target}: the in-process targets', summed over targets.
     */
    public record Stages(java.util.Map<String, Double> phases, long steps, long generatingNanos, long applyingNanos,
            long cpuWaitNanos, JournalStages journal, TargetStages target) {}

    /**
     * The targets' stages: {@code receiveNanos} on their I/O thread decoding, checking and writing
     * what arrived; {@code fsyncNanos} in {@code fsync} on the store's own thread ({@code fsyncs}
     * calls, each covering every batch written before it began); {@code mirrorApplyNanos} on the
     * mirror's thread; {@code mirrorPeakLagBytes}: the furthest the live mirror fell behind the stored
     * journal.
     */
    public record TargetStages(long receiveNanos, long fsyncNanos, long fsyncs, long mirrorApplyNanos,
            long mirrorPeakLagBytes) {
        public static final TargetStages NONE = new TargetStages(0, 0, 0, 0, 0);

        public TargetStages plus(TargetStages o) {
            return new TargetStages(receiveNanos + o.receiveNanos, fsyncNanos + o.fsyncNanos, fsyncs + o.fsyncs,
                    mirrorApplyNanos + o.mirrorApplyNanos, Math.max(mirrorPeakLagBytes, o.mirrorPeakLagBytes));
        }
    }

    /**
     * One journal's story: traffic, stalls, what its target stored, and how it verified; a journal
     * kemu did not keep ({@code discarded}: a discarding target, or the user's own) has nothing to
     * verify, and counts as verified.
     */
    public record JournalOutcome(
            String name,
            long bytesSent,
            long fifostalls,
            long totalAcked,
            LatencySnapshot ackLatency,
            long records,
            long duplicatesSkipped,
            List<String> treeDifferences,
            String streamProblem,
            boolean discarded) {
        public boolean verified() {
            return treeDifferences.isEmpty() && streamProblem.isEmpty();
        }
    }

    public boolean verified() {
        return problems.isEmpty() && journals.stream().allMatch(JournalOutcome::verified);
    }

    public double opsPerSecond() {
        return seconds > 0 ? ops / seconds : 0;
    }
}
