package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Down;
import java.util.function.IntFunction;

/**
 * Where the coordinator's nodes run and how they start, crash and come back. In-process: node
 * actors are the coordinator's children over the stores of its {@link NodeTable}; a crash stops
 * the actor, a restart spawns a new one on the same store. In other JVMs: a {@link NodeLauncher}
 * starts and kills the processes, {@link NodeFinder} reports their registrations, and every
 * node found - at boot too - starts STALE, so it is resynchronised from the quorum before it is
 * trusted (its store on disk may be behind).
 *
 * <p>Every incarnation is watched with its own ref: news of an old incarnation never takes down
 * the current one. Plain, single-threaded: only {@link ClusterCoordinator} calls it.
 */
final class NodeHosting {
    private final ActorContext<CoordinatorProtocol.Command> context;
    private final NodeTable nodes;
    private final WorkTurns turns;
    private final IntFunction<Props> nodeProps;
    private final NodeLauncher launcher;

    /** In-process nodes ({@code launcher} null) or nodes in other JVMs started by {@code launcher}. */
    NodeHosting(ActorContext<CoordinatorProtocol.Command> context, NodeTable nodes, WorkTurns turns,
                IntFunction<Props> nodeProps, NodeLauncher launcher) {
        this.context = context;
        this.nodes = nodes;
        this.turns = turns;
        this.nodeProps = nodeProps;
        this.launcher = launcher;
    }

    /** Starts every node: in-process ones UP at once, others by looking for their registrations. */
    void boot() {
        if (launcher == null) {
            for (int i = 0; i < nodes.size(); i++) {
                spawn(i, NodeState.UP);
            }
        } else {
            context.spawn(NodeFinder.create(nodes.size(), context.getSelf()), "node-finder");
        }
    }

    /**
     * Crashes {@code node}. In-process the actor is told to stop (its watch reports it); a process
     * is killed, its cluster member downed at once (this JVM knows it is dead: no waiting for the
     * failure detector, whose verdict would hold up new members joining), and the node is DOWN
     * from now on. A node not running is logged and left alone.
     */
    void crash(int node) {
        if (!nodes.isRunning(node)) {
            context.getLog().warn("crash of node {} ignored: no such node running", node);
        } else if (launcher == null) {
            nodes.ref(node).tell(ChainNodeActor.Crash.INSTANCE);
        } else {
            launcher.kill(node);
            Cluster.get(context.getSystem()).manager().tell(new Down(nodes.ref(node).path().address()));
            stopped(node);
        }
    }

    /** Restarts a DOWN node on its store: in-process at once (STALE), a process when it registers. */
    void restart(int node) {
        if (launcher == null) {
            spawn(node, NodeState.STALE);
        } else {
            launcher.start(node);
        }
    }

    /**
     * Restarts {@code node} if it is DOWN and lets every stale node be tried again (true: the caller
     * looks for work); otherwise logs why not and returns false.
     */
    boolean restartIfDown(int node) {
        if (node < 0 || node >= nodes.size() || nodes.state(node) != NodeState.DOWN) {
            context.getLog().warn("restart of node {} ignored: it is not a DOWN node", node);
            return false;
        }
        restart(node);
        nodes.retryAll();
        return true;
    }

    /** Tells a fault to {@code node} if it runs; otherwise logs that it is ignored. */
    void tell(int node, ChainNodeActor.Command command) {
        if (!nodes.isRunning(node)) {
            context.getLog().warn("fault {} for node {} ignored: no such node running", command, node);
        } else {
            nodes.ref(node).tell(command);
        }
    }

    /**
     * A node of another JVM registered {@code ref}: a previous incarnation is DOWN, the new one runs,
     * STALE. Returns false when {@code ref} is the incarnation already known (nothing changed).
     */
    boolean found(int node, ActorRef<ChainNodeActor.Command> ref) {
        if (ref.equals(nodes.ref(node))) {
            return false;
        }
        if (nodes.isRunning(node)) {
            stopped(node);
        }
        watch(node, ref);
        nodes.started(node, ref, NodeState.STALE);
        nodes.retryAll();
        return true;
    }

    /** Incarnation {@code ref} of {@code node} is gone: DOWN if it is the current one, else old news. */
    void lost(int node, ActorRef<ChainNodeActor.Command> ref) {
        if (ref.equals(nodes.ref(node))) {
            stopped(node);
        }
    }

    /** {@code node} is DOWN; the running operation or resync counts it out. */
    private void stopped(int node) {
        nodes.down(node);
        turns.nodeDown(node);
    }

    private void spawn(int node, NodeState state) {
        ActorRef<ChainNodeActor.Command> ref = context.spawnAnonymous(ChainNodeActor.create(nodes.store(node)),
                nodeProps.apply(node));
        watch(node, ref);
        nodes.started(node, ref, state);
    }

    private void watch(int node, ActorRef<ChainNodeActor.Command> ref) {
        context.watchWith(ref, new CoordinatorProtocol.NodeLost(node, ref));
    }
}
