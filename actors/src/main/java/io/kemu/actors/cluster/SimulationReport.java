package io.kemu.actors.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The outcome of a cluster simulation: what the operations got, which faults were injected, and
 * the final check that every acknowledged write is readable with its tid. With the coordinator a
 * Cluster Singleton: how often its JVM was killed, how often the driver saw it move (a new
 * incarnation answering), and the reads and writes in flight when it died - those writes count as
 * indeterminate, as failed ones do ({@code failedSurfaced} counts both when they later surface).
 */
public record SimulationReport(SimulationSpec spec, int reads, int found, int notFound, int readsRefused,
                               int writes, int acknowledged, int rejected, int writesRefused, int failed,
                               int failedSurfaced, int crashes, int slowSpells, int partitions, long resyncs, int keysVerified,
                               int keysUnreadable, List<String> inconsistencies, long elapsedMillis,
                               long p50Nanos, long p99Nanos, int coordinatorKills, int coordinatorMoves,
                               int readsInFlightLost, int writesInFlightLost, int acknowledgedAfterMove) implements NoSerializationVerificationNeeded {

    /** A sink that hands the one report it receives to {@code onReport}, then stops. */
    public static Behavior<SimulationReport> sink(Consumer<SimulationReport> onReport) {
        return Behaviors.receive(SimulationReport.class)
                .onMessage(SimulationReport.class, report -> {
                    onReport.accept(report);
                    return Behaviors.stopped();
                })
                .build();
    }

    public SimulationReport {
        inconsistencies = List.copyOf(inconsistencies);
    }

    /** True when nothing acknowledged was lost and every key was readable at the end. */
    public boolean passed() {
        return inconsistencies.isEmpty() && keysUnreadable == 0;
    }

    /** The report as printed by {@code kemu cluster}. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("cluster: " + spec.nodes() + " nodes (" + spec.masters() + " masters, " + (spec.nodes() - spec.masters())
                + " slaves), " + spec.ops() + " operations on " + spec.keys() + " keys, seed " + spec.seed());
        out.add("reads:  " + reads + " (found " + found + ", not found " + notFound + ", refused " + readsRefused + ")");
        out.add("writes: " + writes + " (acknowledged " + acknowledged + ", rejected " + rejected + ", refused "
                + writesRefused + ", failed and reverted " + failed
                + (failedSurfaced > 0 ? ", of which " + failedSurfaced + " later surfaced" : "") + ")");
        out.add("faults: " + crashes + " crashes, " + slowSpells + " slow spells, " + partitions + " partitions; "
                + resyncs + " node resyncs");
        if (coordinatorKills > 0 || coordinatorMoves > 0) {
            out.add("coordinator: " + coordinatorKills + " killed with SIGKILL, moved " + coordinatorMoves
                    + " times; in flight when it died: " + readsInFlightLost + " reads, " + writesInFlightLost
                    + " writes (indeterminate); " + acknowledgedAfterMove + " writes acknowledged after it moved");
        }
        for (String inconsistency : inconsistencies.subList(0, Math.min(10, inconsistencies.size()))) {
            out.add("INCONSISTENT " + inconsistency);
        }
        out.add("check: " + keysVerified + " keys read back after healing, " + keysUnreadable + " unreadable, "
                + inconsistencies.size() + " inconsistencies: " + (passed()
                ? "every acknowledged write is readable with its tid" : "FAILED"));
        out.add("time: " + elapsedMillis + " ms (" + (elapsedMillis == 0 ? 0 : spec.ops() * 1000L / elapsedMillis)
                + " ops/s; operation latency p50 " + String.format(Locale.ROOT, "%.2f", p50Nanos / 1e6) + " ms, p99 "
                + String.format(Locale.ROOT, "%.2f", p99Nanos / 1e6) + " ms)");
        return out;
    }
}
