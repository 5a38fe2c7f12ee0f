package io.kemu.actors.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The seeded fault schedule of a simulation. Before each operation it ends the faults whose time
 * is up (restart, heal, normal speed) and may start one new fault - a crash, a slow spell (replies
 * slower than the gather timeout) or a partition - on a random node that is up, as long as no more
 * than {@code maxImpairedMasters} masters are impaired at once (down, stale, slow or partitioned).
 * The spec's scheduled kills come first: kill k is due at operation {@code (k + 1) * ops / (kills + 1)}
 * and happens at the first operation from then on at which every node runs (none DOWN) and no
 * fault is active, so kills never overlap; the victim is chosen as for any crash. Coordinator kill
 * k is due at operation {@code (2k + 1) * ops / (2 * coordinatorKills + 2)}, between node kills.
 */
final class FaultPlan {
    private enum Kind { CRASH, SLOW, PARTITION }

    private record Active(Kind kind, int until) {}

    private final SimulationSpec spec;
    private final Random random;
    private final Duration slowDelay;
    private final Map<Integer, Active> active = new HashMap<>();
    private int crashes;
    private int slowSpells;
    private int partitions;
    private int kills;
    private int coordinatorKills;

    FaultPlan(SimulationSpec spec, Random random, Duration slowDelay) {
        this.spec = spec;
        this.random = random;
        this.slowDelay = slowDelay;
    }

    /** The fault commands to send before operation {@code step}, given the nodes' states. */
    List<CoordinatorProtocol.Request> before(int step, ClusterStatus status) {
        List<CoordinatorProtocol.Request> out = new ArrayList<>();
        for (Map.Entry<Integer, Active> e : new ArrayList<>(active.entrySet())) {
            int node = e.getKey();
            if (e.getValue().until() <= step && end(node, e.getValue().kind(), status, out)) {
                active.remove(node);
            }
        }
        if (kills < spec.kills() && step >= (long) (kills + 1) * spec.ops() / (spec.kills() + 1) && active.isEmpty()
                && !status.nodes().contains(NodeState.DOWN)) {
            int node = pickVictim(status);
            if (node >= 0) {
                kills++;
                crashes++;
                active.put(node, new Active(Kind.CRASH, step + spec.faultOps()));
                out.add(new CoordinatorProtocol.CrashNode(node));
                return out;
            }
        }
        double roll = random.nextDouble();
        Kind kind = roll < spec.crashRate() ? Kind.CRASH
                : roll < spec.crashRate() + spec.slowRate() ? Kind.SLOW
                : roll < spec.crashRate() + spec.slowRate() + spec.partitionRate() ? Kind.PARTITION : null;
        if (kind != null) {
            int node = pickVictim(status);
            if (node >= 0) {
                active.put(node, new Active(kind, step + spec.faultOps()));
                out.add(switch (kind) {
                    case CRASH -> {
                        crashes++;
                        yield new CoordinatorProtocol.CrashNode(node);
                    }
                    case SLOW -> {
                        slowSpells++;
                        yield new CoordinatorProtocol.SlowNode(node, slowDelay);
                    }
                    case PARTITION -> {
                        partitions++;
                        yield new CoordinatorProtocol.PartitionNode(node, true);
                    }
                });
            }
        }
        return out;
    }

    /**
     * Whether the driver should hold operation {@code step} back: a scheduled kill is due but a
     * node is still DOWN (a killed node's new process has not registered yet). Holding back keeps
     * every scheduled kill inside the run, however slowly nodes restart.
     */
    boolean holdsForKill(int step, ClusterStatus status) {
        return kills < spec.kills() && step >= (long) (kills + 1) * spec.ops() / (spec.kills() + 1)
                && status.nodes().contains(NodeState.DOWN);
    }

    /** Whether the coordinator's JVM is to be killed once operation {@code step} was sent; counts it. */
    boolean killsCoordinatorAt(int step) {
        int k = coordinatorKills;
        if (k < spec.coordinatorKills() && step >= (2L * k + 1) * spec.ops() / (2L * spec.coordinatorKills() + 2)) {
            coordinatorKills++;
            return true;
        }
        return false;
    }

    int coordinatorKills() {
        return coordinatorKills;
    }

    /** Commands that end every active fault (the simulation's final heal). */
    List<CoordinatorProtocol.Request> healAll(ClusterStatus status) {
        List<CoordinatorProtocol.Request> out = new ArrayList<>();
        active.entrySet().removeIf(e -> end(e.getKey(), e.getValue().kind(), status, out));
        return out;
    }

    private boolean end(int node, Kind kind, ClusterStatus status, List<CoordinatorProtocol.Request> out) {
        switch (kind) {
            case CRASH -> {
                if (status.nodes().get(node) != NodeState.DOWN) {
                    return false;
                }
                out.add(new CoordinatorProtocol.RestartNode(node));
            }
            case SLOW -> out.add(new CoordinatorProtocol.SlowNode(node, Duration.ZERO));
            case PARTITION -> out.add(new CoordinatorProtocol.PartitionNode(node, false));
        }
        return true;
    }

    private int pickVictim(ClusterStatus status) {
        int impairedMasters = 0;
        for (int i = 0; i < spec.masters(); i++) {
            if (status.nodes().get(i) != NodeState.UP || active.containsKey(i)) {
                impairedMasters++;
            }
        }
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < spec.nodes(); i++) {
            boolean master = i < spec.masters();
            if (status.nodes().get(i) == NodeState.UP && !active.containsKey(i)
                    && (!master || impairedMasters < spec.maxImpairedMasters())) {
                candidates.add(i);
            }
        }
        return candidates.isEmpty() ? -1 : candidates.get(random.nextInt(candidates.size()));
    }

    /** Whether some fault has not ended yet (a crash ends only once the node is seen down). */
    boolean anyActive() {
        return !active.isEmpty();
    }

    int crashes() {
        return crashes;
    }

    int slowSpells() {
        return slowSpells;
    }

    int partitions() {
        return partitions;
    }
}
