package io.kemu.actors.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.ServiceKey;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.replica.Mutation;
import io.kemu.hammer2.replica.NodeStore;
import io.kemu.hammer2.replica.QuorumPlanner;
import io.kemu.hammer2.replica.ResyncPlanner;
import java.time.Duration;
import java.util.Set;
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

    /** Local to the coordinator's JVM (its clients run there): never serialized. */
    public sealed interface Command extends NoSerializationVerificationNeeded {}

    public record Read(long key, ActorRef<ClusterResult> replyTo) implements Command {}

    public record Write(Mutation mutation, ActorRef<ClusterResult> replyTo) implements Command {}

    public record CrashNode(int node) implements Command {}

    public record RestartNode(int node) implements Command {}

    /** Every reply of the node is delayed by {@code delay} (zero: normal speed). */
    public record SlowNode(int node, Duration delay) implements Command {}

    public record PartitionNode(int node, boolean partitioned) implements Command {}

    /** Asks for the cluster's {@link ClusterStatus}. */
    public record GetStatus(ActorRef<ClusterStatus> replyTo) implements Command {}

    private record FromNode(ChainNodeActor.Reply reply) implements Command {}

    /** A node of another JVM registered with the Receptionist ({@link NodeFinder}). */
    record NodeFound(int node, ActorRef<ChainNodeActor.Command> ref) implements Command {}

    /** Incarnation {@code ref} of {@code node} stopped, was killed or became unreachable. */
    record NodeLost(int node, ActorRef<ChainNodeActor.Command> ref) implements Command {}

    private record OpDone(ClusterOperation.Finished finished) implements Command {}

    private record ResyncDone(ResyncOperation.Finished finished) implements Command {}

    private enum ResyncTick implements Command { INSTANCE }

    private final ActorContext<Command> context;
    private final ClusterSettings settings;
    private final NodeHosting hosting;
    private final QuorumPlanner planner;
    private final ResyncPlanner resyncPlanner;
    private final NodeTable nodes;
    private final WorkTurns turns;
    private final ActorRef<ChainNodeActor.Reply> helloAdapter;
    private long tid = NodeStore.INITIAL_TID;

    private ClusterCoordinator(ActorContext<Command> context, Pfs pfs, ClusterSettings settings,
                               IntFunction<Props> nodeProps, NodeLauncher launcher) {
        this.context = context;
        this.settings = settings;
        this.planner = new QuorumPlanner(pfs);
        this.resyncPlanner = new ResyncPlanner(pfs);
        this.nodes = new NodeTable(pfs.slots());
        this.turns = new WorkTurns(settings.maxQueuedOperations());
        this.helloAdapter = context.messageAdapter(ChainNodeActor.Reply.class, FromNode::new);
        this.hosting = new NodeHosting(context, nodes, nodeProps, launcher);
        hosting.boot();
    }

    /** The Receptionist key under which a node of another JVM registers ({@code kemu node}). */
    public static ServiceKey<ChainNodeActor.Command> nodeKey(int node) {
        return NodeFinder.keyOf(node);
    }

    /** A fresh cluster for {@code pfs}: every node up with an empty PFS root. */
    public static Behavior<Command> create(Pfs pfs, ClusterSettings settings) {
        return create(pfs, settings, node -> Props.empty());
    }

    /** As above, node {@code i}'s actor spawned with {@code nodeProps.apply(i)} (a dispatcher, say). */
    public static Behavior<Command> create(Pfs pfs, ClusterSettings settings, IntFunction<Props> nodeProps) {
        return create(pfs, settings, nodeProps, null);
    }

    /**
     * A cluster whose nodes run in other JVMs ({@code kemu node}): {@code launcher} starts and kills
     * them, they are found through the Receptionist and each is resynchronised before it is trusted.
     */
    public static Behavior<Command> create(Pfs pfs, ClusterSettings settings, NodeLauncher launcher) {
        return create(pfs, settings, node -> Props.empty(), launcher);
    }

    private static Behavior<Command> create(Pfs pfs, ClusterSettings settings, IntFunction<Props> nodeProps,
                                            NodeLauncher launcher) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.setLoggerName(ClusterCoordinator.class);
            timers.startTimerWithFixedDelay(ResyncTick.INSTANCE, settings.resyncInterval());
            return new ClusterCoordinator(context, pfs, settings, nodeProps, launcher).serving();
        }));
    }

    /** Serving clients, injecting faults, and resynchronising stale nodes between operations. */
    private Behavior<Command> serving() {
        return Behaviors.receive(Command.class)
                .onMessage(Read.class, this::onRead)
                .onMessage(Write.class, this::onWrite)
                .onMessage(CrashNode.class, this::onCrashNode)
                .onMessage(SlowNode.class, this::onSlowNode)
                .onMessage(PartitionNode.class, this::onPartitionNode)
                .onMessage(RestartNode.class, this::onRestartNode)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(FromNode.class, this::onFromNode)
                .onMessage(NodeFound.class, this::onNodeFound)
                .onMessage(NodeLost.class, this::onNodeLost)
                .onMessage(OpDone.class, this::onOpDone)
                .onMessage(ResyncDone.class, this::onResyncDone)
                .onMessageEquals(ResyncTick.INSTANCE, this::onResyncTick)
                .build();
    }

    private Behavior<Command> onRead(Read read) {
        return enqueue(new ClusterOperation.Request(read.key(), null, read.replyTo()));
    }

    private Behavior<Command> onWrite(Write write) {
        return enqueue(new ClusterOperation.Request(write.mutation().key(), write.mutation(), write.replyTo()));
    }

    private Behavior<Command> onCrashNode(CrashNode crash) {
        if (!nodes.isRunning(crash.node())) {
            context.getLog().warn("crash of node {} ignored: no such node running", crash.node());
        } else if (hosting.crash(crash.node())) {
            stopped(crash.node());
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSlowNode(SlowNode slow) {
        hosting.tell(slow.node(), new ChainNodeActor.SetDelay(slow.delay()));
        return Behaviors.same();
    }

    private Behavior<Command> onPartitionNode(PartitionNode partition) {
        hosting.tell(partition.node(), new ChainNodeActor.SetPartitioned(partition.partitioned(), helloAdapter));
        return Behaviors.same();
    }

    private Behavior<Command> onGetStatus(GetStatus request) {
        request.replyTo().tell(new ClusterStatus(nodes.states(), nodes.refs(), tid, nodes.resyncs(), turns.queued(),
                turns.activity()));
        return Behaviors.same();
    }

    /** A healed partition's hello: the node may have missed writes. */
    private Behavior<Command> onFromNode(FromNode message) {
        return message.reply() instanceof ChainNodeActor.Hello hello ? markStale(Set.of(hello.node())) : Behaviors.same();
    }

    private Behavior<Command> onOpDone(OpDone done) {
        turns.operationDone();
        return markStale(done.finished().missed());
    }

    private Behavior<Command> onResyncTick() {
        nodes.retryAll();
        return next();
    }

    private Behavior<Command> enqueue(ClusterOperation.Request request) {
        if (!turns.offer(request)) {
            request.replyTo().tell(new ClusterResult.Refused("cluster busy: " + turns.queued() + " operations queued"));
            return Behaviors.same();
        }
        return next();
    }

    /** Starts the next piece of work when idle, as {@link WorkTurns} decides. */
    private Behavior<Command> next() {
        if (turns.busy()) {
            return Behaviors.same();
        }
        final int stale = nodes.nextResyncTarget();
        switch (turns.next(stale >= 0)) {
            case RESYNC -> startResync(stale);
            case CLIENT_OPERATION -> startOperation(turns.take());
            case NOTHING -> { }
        }
        return Behaviors.same();
    }

    /** Resynchronises {@code stale} from the up nodes (or every running node, see {@link ResyncOperation}). */
    private void startResync(int stale) {
        turns.resyncStarted(context.spawnAnonymous(ResyncOperation.create(turns.nextOpId(), stale,
                nodes.in(NodeState.UP).keySet(), nodes.running(), resyncPlanner, settings,
                context.messageAdapter(ResyncOperation.Finished.class, ResyncDone::new))));
    }

    /** Runs a client request over the up nodes; a write takes the next transaction id. */
    private void startOperation(ClusterOperation.Request request) {
        final long opTid = request.mutation() == null ? tid : ++tid;
        turns.operationStarted(context.spawnAnonymous(ClusterOperation.create(request, turns.nextOpId(), opTid,
                nodes.in(NodeState.UP), nodes.in(NodeState.STALE).keySet(), planner, settings,
                context.messageAdapter(ClusterOperation.Finished.class, OpDone::new))));
    }

    private Behavior<Command> markStale(Set<Integer> missed) {
        nodes.markStale(missed).forEach(node ->
                context.getLog().debug("node {} is stale and will be resynchronised", node));
        return next();
    }

    private Behavior<Command> onRestartNode(RestartNode restart) {
        if (!hosting.restartIfDown(restart.node())) {
            return Behaviors.same();
        }
        nodes.retryAll();
        return next();
    }

    /** A node of another JVM (re)appeared: a previous incarnation is gone; the new one starts STALE. */
    private Behavior<Command> onNodeFound(NodeFound found) {
        if (found.ref().equals(nodes.ref(found.node()))) {
            return Behaviors.same();
        }
        if (nodes.isRunning(found.node())) {
            stopped(found.node());
        }
        hosting.found(found.node(), found.ref());
        nodes.retryAll();
        return next();
    }

    /** News about {@code lost.ref()}: only the node's current incarnation can be taken down by it. */
    private Behavior<Command> onNodeLost(NodeLost lost) {
        if (lost.ref().equals(nodes.ref(lost.node()))) {
            stopped(lost.node());
        }
        return Behaviors.same();
    }

    /** {@code node} is DOWN; the running operation or resync counts it out. */
    private void stopped(int node) {
        nodes.down(node);
        turns.nodeDown(node);
    }

    private Behavior<Command> onResyncDone(ResyncDone done) {
        turns.resyncDone();
        final int node = done.finished().node();
        if (done.finished().synced()) {
            if (nodes.resynced(node)) {
                context.getLog().debug("node {} resynchronised: {}", node, done.finished().detail());
            }
        } else {
            nodes.postpone(node);
            context.getLog().debug("resync of node {} postponed: {}", node, done.finished().detail());
        }
        return next();
    }
}
