package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.ServiceKey;
import io.kemu.actors.cluster.CoordinatorProtocol.Command;
import io.kemu.actors.cluster.CoordinatorProtocol.CrashNode;
import io.kemu.actors.cluster.CoordinatorProtocol.FromNode;
import io.kemu.actors.cluster.CoordinatorProtocol.GetStatus;
import io.kemu.actors.cluster.CoordinatorProtocol.NodeFound;
import io.kemu.actors.cluster.CoordinatorProtocol.NodeLost;
import io.kemu.actors.cluster.CoordinatorProtocol.OpDone;
import io.kemu.actors.cluster.CoordinatorProtocol.PartitionNode;
import io.kemu.actors.cluster.CoordinatorProtocol.Read;
import io.kemu.actors.cluster.CoordinatorProtocol.RestartNode;
import io.kemu.actors.cluster.CoordinatorProtocol.ResyncDone;
import io.kemu.actors.cluster.CoordinatorProtocol.ResyncTick;
import io.kemu.actors.cluster.CoordinatorProtocol.SlowNode;
import io.kemu.actors.cluster.CoordinatorProtocol.Write;
import io.kemu.hammer2.cluster.Pfs;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A HAMMER2 cluster of one {@link ChainNodeActor} per PFS slot (protocol: {@link CoordinatorProtocol}).
 * Client reads and writes run one at a time (the kernel holds the cluster lock across a cluster
 * operation), each as a {@link ClusterOperation}; stale nodes are brought back by a
 * {@link ResyncOperation} before the next client operation ({@link WorkTurns}, {@link WorkStarter}).
 * Node faults are injected here: crash, restart, slow, partition ({@link NodeHosting}).
 *
 * <p>State per node ({@link NodeTable}): UP, DOWN, or STALE (alive but may have missed writes -
 * restarted, healed, silent during an acknowledged write, or found by a new coordinator
 * incarnation; not asked, counts as errored until resynchronised). Transaction ids
 * ({@link TidClock}) only grow, also across incarnations: a resync raises them past the highest
 * modify_tid any node's dump holds, before any write of the new incarnation can reach a quorum.
 */
public final class ClusterCoordinator {
    private final ActorContext<Command> context;
    private final NodeHosting hosting;
    private final NodeTable nodes;
    private final WorkTurns turns;
    private final TidClock tids = new TidClock();
    private final WorkStarter starter;
    private final ActorRef<ChainNodeActor.Reply> helloAdapter;

    private ClusterCoordinator(ActorContext<Command> context, Pfs pfs, ClusterSettings settings,
                               IntFunction<Props> nodeProps, NodeLauncher launcher) {
        this.context = context;
        this.nodes = new NodeTable(pfs.slots());
        this.turns = new WorkTurns(settings.maxQueuedOperations());
        this.starter = new WorkStarter(context, pfs, settings, nodes, turns, tids);
        this.helloAdapter = context.messageAdapter(ChainNodeActor.Reply.class, FromNode::new);
        this.hosting = new NodeHosting(context, nodes, turns, nodeProps, launcher);
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
     * them ({@link NodeLauncher#NONE} when someone else does), they are found through the
     * Receptionist and each is resynchronised before it is trusted.
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
        hosting.crash(crash.node());
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

    private Behavior<Command> onRestartNode(RestartNode restart) {
        return hosting.restartIfDown(restart.node()) ? next() : Behaviors.same();
    }

    /** The status, with this incarnation's name: a client sees from it that the coordinator moved. */
    private Behavior<Command> onGetStatus(GetStatus request) {
        request.replyTo().tell(new ClusterStatus(nodes.states(), nodes.refs(), tids.last(), nodes.resyncs(),
                turns.queued(), turns.activity(), ActorRefResolver.get(context.getSystem()).toSerializationFormat(context.getSelf())));
        return Behaviors.same();
    }

    /** A healed partition's hello: the node may have missed writes. */
    private Behavior<Command> onFromNode(FromNode message) {
        return message.reply() instanceof ChainNodeActor.Hello hello ? markStale(Set.of(hello.node())) : Behaviors.same();
    }

    /** A node of another JVM (re)appeared: a previous incarnation is gone; the new one starts STALE. */
    private Behavior<Command> onNodeFound(NodeFound found) {
        return hosting.found(found.node(), found.ref()) ? next() : Behaviors.same();
    }

    /** News about {@code lost.ref()}: only the node's current incarnation can be taken down by it. */
    private Behavior<Command> onNodeLost(NodeLost lost) {
        hosting.lost(lost.node(), lost.ref());
        return Behaviors.same();
    }

    private Behavior<Command> onOpDone(OpDone done) {
        turns.operationDone();
        return markStale(done.finished().missed());
    }

    /** A resync ended: its dumps' highest modify_tid raises the tid clock, synced or not. */
    private Behavior<Command> onResyncDone(ResyncDone done) {
        turns.resyncDone();
        tids.observe(done.finished().highestTid());
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
            case RESYNC -> starter.resync(stale);
            case CLIENT_OPERATION -> starter.operation(turns.take());
            case NOTHING -> { }
        }
        return Behaviors.same();
    }

    private Behavior<Command> markStale(Set<Integer> missed) {
        nodes.markStale(missed).forEach(node ->
                context.getLog().debug("node {} is stale and will be resynchronised", node));
        return next();
    }
}
