package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.replica.Mutation;
import io.kemu.hammer2.replica.NodeStore;
import io.kemu.hammer2.replica.QuorumPlanner;
import io.kemu.hammer2.replica.ResyncPlanner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * A HAMMER2 cluster of one {@link ChainNodeActor} per PFS slot. Client reads and writes run one
 * at a time (the kernel holds the cluster lock across a cluster operation), each as a
 * {@link ClusterOperation}; stale nodes are brought back by a {@link ResyncOperation} before the
 * next client operation. Node faults are injected here: crash, restart, slow, partition.
 *
 * <p>State per node: UP (answers and is trusted), DOWN (stopped; the coordinator watches it) or
 * STALE (alive but may have missed writes - restarted, healed, or silent during an acknowledged
 * write; it is not asked and counts as errored until resynchronised). The node stores are the
 * nodes' disks: a restarted node gets its store back. A stale node whose resync fails (no quorum
 * to sync from, no answer) is retried at the next resync tick, others are tried meanwhile.
 */
public final class ClusterCoordinator {

    public sealed interface Command {
    }

    public record Read(long key, ActorRef<ClusterResult> replyTo) implements Command {
    }

    public record Write(Mutation mutation, ActorRef<ClusterResult> replyTo) implements Command {
    }

    public record CrashNode(int node) implements Command {
    }

    public record RestartNode(int node) implements Command {
    }

    /** Every reply of the node is delayed by {@code delay} (zero: normal speed). */
    public record SlowNode(int node, Duration delay) implements Command {
    }

    public record PartitionNode(int node, boolean partitioned) implements Command {
    }

    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    public enum NodeState {
        UP, DOWN, STALE
    }

    /**
     * Node states, node refs (null while down), the last transaction id, resyncs done, client
     * operations waiting and what runs now ("idle", "operation", "resync").
     */
    public record Status(List<NodeState> nodes, List<ActorRef<ChainNodeActor.Command>> refs, long lastTid,
                         long resyncs, int queued, String running) {
        public boolean allUp() {
            return nodes.stream().allMatch(s -> s == NodeState.UP);
        }
    }

    private record FromNode(ChainNodeActor.Reply reply) implements Command {
    }

    private record NodeStopped(int node) implements Command {
    }

    private record OpDone(ClusterOperation.Finished finished) implements Command {
    }

    private record ResyncDone(ResyncOperation.Finished finished) implements Command {
    }

    private enum ResyncTick implements Command {
        INSTANCE
    }

    private final ActorContext<Command> context;
    private final Pfs pfs;
    private final ClusterSettings settings;
    private final IntFunction<Props> nodeProps;
    private final QuorumPlanner planner;
    private final ResyncPlanner resyncPlanner;
    private final List<NodeStore> stores = new ArrayList<>();
    private final List<ActorRef<ChainNodeActor.Command>> refs = new ArrayList<>();
    private final NodeState[] states;
    private final ArrayDeque<ClusterOperation.Request> queue = new ArrayDeque<>();
    private final ActorRef<ChainNodeActor.Reply> helloAdapter;
    private ActorRef<ClusterOperation.Command> runningOp;
    private ActorRef<ResyncOperation.Command> runningResync;
    private final Set<Integer> resyncPostponed = new HashSet<>();
    private boolean clientTurn;
    private long opIds;
    private long tid = NodeStore.INITIAL_TID;
    private long resyncs;

    private ClusterCoordinator(ActorContext<Command> context, Pfs pfs, ClusterSettings settings,
                               IntFunction<Props> nodeProps) {
        this.context = context;
        this.nodeProps = nodeProps;
        this.pfs = pfs;
        this.settings = settings;
        this.planner = new QuorumPlanner(pfs);
        this.resyncPlanner = new ResyncPlanner(pfs);
        this.states = new NodeState[pfs.slots()];
        this.helloAdapter = context.messageAdapter(ChainNodeActor.Reply.class, FromNode::new);
        for (int i = 0; i < pfs.slots(); i++) {
            stores.add(new NodeStore(i));
            refs.add(null);
            start(i, NodeState.UP);
        }
    }

    /** A fresh cluster for {@code pfs}: every node up with an empty PFS root. */
    public static Behavior<Command> create(Pfs pfs, ClusterSettings settings) {
        return create(pfs, settings, node -> Props.empty());
    }

    /** As above, node {@code i}'s actor spawned with {@code nodeProps.apply(i)} (a dispatcher, say). */
    public static Behavior<Command> create(Pfs pfs, ClusterSettings settings, IntFunction<Props> nodeProps) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.setLoggerName(ClusterCoordinator.class);
            timers.startTimerWithFixedDelay(ResyncTick.INSTANCE, settings.resyncInterval());
            return new ClusterCoordinator(context, pfs, settings, nodeProps).serving();
        }));
    }

    private Behavior<Command> serving() {
        return Behaviors.receive(Command.class)
                .onMessage(Read.class, m -> enqueue(new ClusterOperation.Request(m.key(), null, m.replyTo())))
                .onMessage(Write.class, m -> enqueue(new ClusterOperation.Request(m.mutation().key(), m.mutation(), m.replyTo())))
                .onMessage(CrashNode.class, m -> toNode(m.node(), ChainNodeActor.Crash.INSTANCE))
                .onMessage(SlowNode.class, m -> toNode(m.node(), new ChainNodeActor.SetDelay(m.delay())))
                .onMessage(PartitionNode.class, m -> toNode(m.node(), new ChainNodeActor.SetPartitioned(m.partitioned())))
                .onMessage(RestartNode.class, this::onRestart)
                .onMessage(GetStatus.class, m -> {
                    m.replyTo().tell(new Status(List.of(states.clone()), new ArrayList<>(refs), tid, resyncs, queue.size(),
                            runningOp != null ? "operation" : runningResync != null ? "resync" : "idle"));
                    return Behaviors.same();
                })
                .onMessage(FromNode.class, m -> m.reply() instanceof ChainNodeActor.Hello h ? markStale(Set.of(h.node())) : Behaviors.same())
                .onMessage(NodeStopped.class, this::onNodeStopped)
                .onMessage(OpDone.class, m -> {
                    runningOp = null;
                    return markStale(m.finished().missed());
                })
                .onMessage(ResyncDone.class, this::onResyncDone)
                .onMessageEquals(ResyncTick.INSTANCE, () -> {
                    resyncPostponed.clear();
                    return next();
                })
                .build();
    }

    private Behavior<Command> enqueue(ClusterOperation.Request request) {
        if (queue.size() >= settings.maxQueuedOperations()) {
            request.replyTo().tell(new ClusterResult.Refused("cluster busy: " + queue.size() + " operations queued"));
            return Behaviors.same();
        }
        queue.add(request);
        return next();
    }

    /**
     * Starts the next piece of work when idle: a resync of a stale node, or a client operation.
     * When both wait they take turns, so neither can starve the other.
     */
    private Behavior<Command> next() {
        if (runningOp != null || runningResync != null) {
            return Behaviors.same();
        }
        Map<Integer, ActorRef<ChainNodeActor.Command>> up = nodesIn(NodeState.UP);
        int stale = nextResyncTarget();
        if (stale >= 0 && !(clientTurn && !queue.isEmpty())) {
            clientTurn = true;
            Map<Integer, ActorRef<ChainNodeActor.Command>> running = new HashMap<>(up);
            running.putAll(nodesIn(NodeState.STALE));
            runningResync = context.spawnAnonymous(ResyncOperation.create(++opIds, stale, up.keySet(), running,
                    resyncPlanner, settings, context.messageAdapter(ResyncOperation.Finished.class, ResyncDone::new)));
            return Behaviors.same();
        }
        ClusterOperation.Request request = queue.poll();
        if (request != null) {
            clientTurn = false;
            long opTid = request.mutation() == null ? tid : ++tid;
            Set<Integer> syncing = nodesIn(NodeState.STALE).keySet();
            runningOp = context.spawnAnonymous(ClusterOperation.create(request, ++opIds, opTid, up, syncing, planner,
                    settings, context.messageAdapter(ClusterOperation.Finished.class, OpDone::new)));
        }
        return Behaviors.same();
    }

    private Behavior<Command> markStale(Set<Integer> nodes) {
        for (int node : nodes) {
            if (states[node] == NodeState.UP) {
                context.getLog().debug("node {} is stale and will be resynchronised", node);
                states[node] = NodeState.STALE;
            }
        }
        return next();
    }

    private Behavior<Command> onRestart(RestartNode m) {
        if (states[m.node()] != NodeState.DOWN) {
            context.getLog().warn("restart of node {} ignored: it is {}", m.node(), states[m.node()]);
            return Behaviors.same();
        }
        start(m.node(), NodeState.STALE);
        resyncPostponed.clear();
        return next();
    }

    private Behavior<Command> onNodeStopped(NodeStopped m) {
        states[m.node()] = NodeState.DOWN;
        refs.set(m.node(), null);
        if (runningOp != null) {
            runningOp.tell(new ClusterOperation.NodeDown(m.node()));
        }
        if (runningResync != null) {
            runningResync.tell(new ResyncOperation.NodeDown(m.node()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onResyncDone(ResyncDone m) {
        runningResync = null;
        int node = m.finished().node();
        if (m.finished().synced() && states[node] == NodeState.STALE) {
            states[node] = NodeState.UP;
            resyncs++;
            resyncPostponed.clear();
            context.getLog().debug("node {} resynchronised: {}", node, m.finished().detail());
        } else if (!m.finished().synced()) {
            resyncPostponed.add(node);
            context.getLog().debug("resync of node {} postponed: {}", node, m.finished().detail());
        }
        return next();
    }

    private void start(int node, NodeState state) {
        ActorRef<ChainNodeActor.Command> ref = context.spawnAnonymous(ChainNodeActor.create(stores.get(node), helloAdapter),
                nodeProps.apply(node));
        context.watchWith(ref, new NodeStopped(node));
        refs.set(node, ref);
        states[node] = state;
    }

    private Behavior<Command> toNode(int node, ChainNodeActor.Command command) {
        if (node < 0 || node >= refs.size() || refs.get(node) == null) {
            context.getLog().warn("fault {} for node {} ignored: no such node running", command, node);
        } else {
            refs.get(node).tell(command);
        }
        return Behaviors.same();
    }

    private Map<Integer, ActorRef<ChainNodeActor.Command>> nodesIn(NodeState state) {
        Map<Integer, ActorRef<ChainNodeActor.Command>> out = new HashMap<>();
        for (int i = 0; i < states.length; i++) {
            if (states[i] == state) {
                out.put(i, refs.get(i));
            }
        }
        return out;
    }

    /** The first stale node whose resync was not postponed since the last tick, or -1. */
    private int nextResyncTarget() {
        return new TreeSet<>(nodesIn(NodeState.STALE).keySet()).stream()
                .filter(node -> !resyncPostponed.contains(node)).findFirst().orElse(-1);
    }
}
