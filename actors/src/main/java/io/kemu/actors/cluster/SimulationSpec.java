package io.kemu.actors.cluster;

import io.kemu.hammer2.cluster.Cluster;
import io.kemu.hammer2.cluster.Pfs;

/**
 * The knobs of a seeded cluster simulation: cluster shape (masters first, then slaves), how many
 * operations over how many keys, the seed, the per-operation probabilities of crashing, slowing or
 * partitioning a node, how many operations a fault lasts, how many masters may be impaired
 * (down, stale, slow or partitioned) at once, and how many scheduled {@code kills}: crashes spread
 * evenly over the run, one at a time (each only when every node is up again), on top of the
 * random ones; and how many {@code coordinatorKills}: SIGKILLs of the JVM hosting the coordinator
 * (a process cluster only), each right after an operation was sent to it.
 */
public record SimulationSpec(int nodes, int masters, int ops, int keys, long seed, double crashRate, double slowRate,
                             double partitionRate, int faultOps, int maxImpairedMasters, int kills,
                             int coordinatorKills) {

    /** A spec without coordinator kills. */
    public SimulationSpec(int nodes, int masters, int ops, int keys, long seed, double crashRate, double slowRate,
                          double partitionRate, int faultOps, int maxImpairedMasters, int kills) {
        this(nodes, masters, ops, keys, seed, crashRate, slowRate, partitionRate, faultOps, maxImpairedMasters, kills,
                0);
    }

    /** A spec without scheduled kills. */
    public SimulationSpec(int nodes, int masters, int ops, int keys, long seed, double crashRate, double slowRate,
                          double partitionRate, int faultOps, int maxImpairedMasters) {
        this(nodes, masters, ops, keys, seed, crashRate, slowRate, partitionRate, faultOps, maxImpairedMasters, 0);
    }

    public SimulationSpec {
        if (nodes < 1 || nodes > Cluster.MAX_CLUSTER) {
            throw new IllegalArgumentException("--nodes must be 1..8, not " + nodes);
        }
        if (masters < 1 || masters > nodes) {
            throw new IllegalArgumentException("--masters must be 1.." + nodes + ", not " + masters);
        }
        if (ops < 0 || keys < 1) {
            throw new IllegalArgumentException("--ops must be >= 0 and keys >= 1");
        }
        for (double rate : new double[] {crashRate, slowRate, partitionRate}) {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("fault rates are probabilities in 0..1, not " + rate);
            }
        }
        if (kills < 0) {
            throw new IllegalArgumentException("--kill-node must be >= 0, not " + kills);
        }
        if (coordinatorKills < 0) {
            throw new IllegalArgumentException("--kill-coordinator must be >= 0, not " + coordinatorKills);
        }
        if (faultOps < 1 || maxImpairedMasters < 0) {
            throw new IllegalArgumentException("fault duration must be >= 1 op and max impaired masters >= 0");
        }
    }

    /** The PFS of this cluster: masters first, then slaves. */
    public Pfs pfs() {
        return Pfs.mastersThenSlaves(masters, nodes - masters);
    }

    /** This simulation with another seed (a seed sweep). */
    public SimulationSpec withSeed(long otherSeed) {
        return new SimulationSpec(nodes, masters, ops, keys, otherSeed, crashRate, slowRate, partitionRate, faultOps,
                maxImpairedMasters);
    }

    /** A minority of {@code masters}: the most that may be impaired while a quorum remains. */
    public static int minorityOf(int masters) {
        return (masters - 1) / 2;
    }
}
