package io.kemu.actors.cluster;

import akka.actor.typed.javadsl.ActorContext;
import io.kemu.actors.cluster.CoordinatorProtocol.Command;
import io.kemu.actors.cluster.CoordinatorProtocol.OpDone;
import io.kemu.actors.cluster.CoordinatorProtocol.ResyncDone;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.replica.QuorumPlanner;
import io.kemu.hammer2.replica.ResyncPlanner;

/**
 * Spawns the coordinator's pieces of work as children - a client {@link ClusterOperation} over the
 * UP nodes, or the {@link ResyncOperation} of a stale node - and files them with {@link WorkTurns}.
 * Their reports come back to the coordinator as {@link OpDone} and {@link ResyncDone}. Plain and
 * single-threaded: only {@link ClusterCoordinator} calls it, from its own message handlers.
 */
final class WorkStarter {
    private final ActorContext<Command> context;
    private final ClusterSettings settings;
    private final QuorumPlanner planner;
    private final ResyncPlanner resyncPlanner;
    private final NodeTable nodes;
    private final WorkTurns turns;
    private final TidClock tids;

    WorkStarter(ActorContext<Command> context, Pfs pfs, ClusterSettings settings, NodeTable nodes, WorkTurns turns,
                TidClock tids) {
        this.context = context;
        this.settings = settings;
        this.planner = new QuorumPlanner(pfs);
        this.resyncPlanner = new ResyncPlanner(pfs);
        this.nodes = nodes;
        this.turns = turns;
        this.tids = tids;
    }

    /** Resynchronises {@code stale} from the up nodes (or every running node, see {@link ResyncOperation}). */
    void resync(int stale) {
        turns.resyncStarted(context.spawnAnonymous(ResyncOperation.create(turns.nextOpId(), stale,
                nodes.in(NodeState.UP).keySet(), nodes.running(), resyncPlanner, settings,
                context.messageAdapter(ResyncOperation.Finished.class, ResyncDone::new))));
    }

    /** Runs a client request over the up nodes; a write takes the next transaction id. */
    void operation(ClusterOperation.Request request) {
        final long opTid = request.mutation() == null ? tids.last() : tids.next();
        turns.operationStarted(context.spawnAnonymous(ClusterOperation.create(request, turns.nextOpId(), opTid,
                nodes.in(NodeState.UP), nodes.in(NodeState.STALE).keySet(), planner, settings,
                context.messageAdapter(ClusterOperation.Finished.class, OpDone::new))));
    }
}
