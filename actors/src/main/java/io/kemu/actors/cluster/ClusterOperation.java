package io.kemu.actors.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import io.kemu.hammer2.replica.FetchReply;
import io.kemu.hammer2.replica.GatherRound;
import io.kemu.hammer2.replica.Mutation;
import io.kemu.hammer2.replica.NodeView;
import io.kemu.hammer2.replica.QuorumPlanner;
import io.kemu.hammer2.replica.WriteVerdict;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One client read or write, scattered to the nodes and gathered with a timeout (the kernel's
 * cluster call dispatching chain work to its xN threads). Phase 1 fetches the element from every
 * up node; {@link QuorumPlanner} decides with the kernel's resolution. A planned write enters
 * phase 2: the FEMOD nodes apply it and it is acknowledged once the required number did in time;
 * otherwise it is reverted everywhere it was sent and reported as failed. A node that does not
 * answer in time, or goes down, counts as errored for that phase.
 *
 * <p>Answers the client itself, then reports to the coordinator which nodes missed the write (so
 * they are resynchronised) and stops.
 */
final class ClusterOperation {

    sealed interface Command extends NoSerializationVerificationNeeded {}

    private record FromNode(ChainNodeActor.Reply reply) implements Command {}

    /** The coordinator saw the node stop: do not wait for it. */
    record NodeDown(int node) implements Command {}

    private enum Timeout implements Command { INSTANCE }

    /**
     * Reported to the coordinator: the nodes to resynchronise - those that missed an acknowledged
     * (or uncertain) write, and those found out of sync with the quorum.
     */
    record Finished(Set<Integer> missed) implements NoSerializationVerificationNeeded {}

    /** A client request: a read ({@code mutation} null) or a write. */
    record Request(long key, Mutation mutation, ActorRef<ClusterResult> replyTo) {}

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Request request;
    private final long opId;
    private final long tid;
    private final Map<Integer, ActorRef<ChainNodeActor.Command>> nodes;
    private final Set<Integer> syncing;
    private final QuorumPlanner planner;
    private final ClusterSettings settings;
    private final ActorRef<Finished> coordinator;
    private final ActorRef<ChainNodeActor.Reply> replies;
    private final Set<Integer> gone = new HashSet<>();

    private ClusterOperation(ActorContext<Command> context, TimerScheduler<Command> timers, Request request, long opId,
                             long tid, Map<Integer, ActorRef<ChainNodeActor.Command>> nodes, Set<Integer> syncing,
                             QuorumPlanner planner, ClusterSettings settings, ActorRef<Finished> coordinator) {
        this.context = context;
        this.timers = timers;
        this.request = request;
        this.opId = opId;
        this.tid = tid;
        this.nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
        this.syncing = Collections.unmodifiableSet(new TreeSet<>(syncing));
        this.planner = planner;
        this.settings = settings;
        this.coordinator = coordinator;
        this.replies = context.messageAdapter(ChainNodeActor.Reply.class, FromNode::new);
    }

    /** Runs {@code request} as operation {@code opId} (transaction {@code tid} if a write) over the up nodes. */
    static Behavior<Command> create(Request request, long opId, long tid, Map<Integer, ActorRef<ChainNodeActor.Command>> nodes,
                                    Set<Integer> syncing, QuorumPlanner planner, ClusterSettings settings,
                                    ActorRef<Finished> coordinator) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.setLoggerName(ClusterOperation.class);
            return new ClusterOperation(context, timers, request, opId, tid, nodes, syncing, planner, settings,
                    coordinator).fetching();
        }));
    }

    /** Phase 1: waiting for every up node's copy of the element. */
    private Behavior<Command> fetching() {
        GatherRound<FetchReply> round = new GatherRound<>(nodes.keySet());
        nodes.values().forEach(node -> node.tell(new ChainNodeActor.Fetch(opId, request.key(), replies)));
        timers.startSingleTimer(Timeout.INSTANCE, settings.gatherTimeout());
        return Behaviors.receive(Command.class)
                .onMessage(FromNode.class, m -> onFetched(m, round))
                .onMessage(NodeDown.class, m -> onNodeDown(m, round) ? decide(round) : Behaviors.same())
                .onMessageEquals(Timeout.INSTANCE, () -> decide(round))
                .build();
    }

    /** One node's copy arrived (a stale answer of another operation is ignored). */
    private Behavior<Command> onFetched(FromNode message, GatherRound<FetchReply> round) {
        if (message.reply() instanceof ChainNodeActor.Fetched fetched && fetched.opId() == opId) {
            round.accept(fetched.node(), fetched.reply());
        }
        return settled(round) ? decide(round) : Behaviors.same();
    }

    private Behavior<Command> decide(GatherRound<FetchReply> round) {
        timers.cancel(Timeout.INSTANCE);
        List<NodeView> views = GatherRound.views(round, planner.pfs().slots(), syncing);
        Set<Integer> outOfSync = planner.outOfSync(request.key(), views);
        if (request.mutation() == null) {
            request.replyTo().tell(ClusterResults.ofRead(request.key(), planner.read(request.key(), views)));
            return finish(outOfSync);
        }
        WriteVerdict verdict = planner.plan(request.mutation(), tid, views);
        if (verdict instanceof WriteVerdict.Planned planned) {
            return applying(planned, views, outOfSync);
        }
        request.replyTo().tell(ClusterResults.ofUnplanned(verdict));
        return finish(outOfSync);
    }

    /** Phase 2: waiting for the FEMOD nodes to apply the write. */
    private Behavior<Command> applying(WriteVerdict.Planned plan, List<NodeView> views, Set<Integer> outOfSync) {
        GatherRound<Boolean> acks = new GatherRound<>(plan.writes().keySet());
        plan.writes().forEach((node, writes) -> nodes.get(node).tell(new ChainNodeActor.Apply(opId, writes, replies)));
        timers.startSingleTimer(Timeout.INSTANCE, settings.gatherTimeout());
        return Behaviors.receive(Command.class)
                .onMessage(FromNode.class, m -> onApplied(m, acks) ? conclude(plan, views, acks, outOfSync) : Behaviors.same())
                .onMessage(NodeDown.class, m -> onNodeDown(m, acks) ? conclude(plan, views, acks, outOfSync) : Behaviors.same())
                .onMessageEquals(Timeout.INSTANCE, () -> conclude(plan, views, acks, outOfSync))
                .build();
    }

    /** One FEMOD node applied the write; returns whether every asked node has answered or is gone. */
    private boolean onApplied(FromNode message, GatherRound<Boolean> acks) {
        if (message.reply() instanceof ChainNodeActor.Applied applied && applied.opId() == opId) {
            acks.accept(applied.node(), Boolean.TRUE);
        }
        return settled(acks);
    }

    private Behavior<Command> conclude(WriteVerdict.Planned plan, List<NodeView> views, GatherRound<Boolean> acks,
                                       Set<Integer> outOfSync) {
        timers.cancel(Timeout.INSTANCE);
        Set<Integer> acked = acks.replies().keySet();
        Set<Integer> missed = new TreeSet<>(plan.writes().keySet());
        missed.removeAll(acked);
        missed.addAll(outOfSync);
        if (acked.size() >= plan.requiredAcks()) {
            plan.syncs().forEach((node, writes) -> nodes.get(node).tell(new ChainNodeActor.Sync(writes)));
            for (int i = 0; i < views.size(); i++) {
                if (views.get(i) instanceof NodeView.Silent) {
                    missed.add(i);
                }
            }
            request.replyTo().tell(new ClusterResult.Acknowledged(request.key(), plan.tid()));
        } else {
            plan.writes().keySet().forEach(node -> nodes.get(node).tell(new ChainNodeActor.Revert(opId)));
            request.replyTo().tell(ClusterResults.lostQuorum(request.key(), plan, acked));
        }
        return finish(missed);
    }

    /** A node went down: it is not waited for; returns whether the round is now settled. */
    private boolean onNodeDown(NodeDown down, GatherRound<?> round) {
        gone.add(down.node());
        return settled(round);
    }

    private boolean settled(GatherRound<?> round) {
        Set<Integer> waiting = new HashSet<>(round.asked());
        waiting.removeAll(round.replies().keySet());
        waiting.removeAll(gone);
        return waiting.isEmpty();
    }

    private Behavior<Command> finish(Set<Integer> missed) {
        coordinator.tell(new Finished(Collections.unmodifiableSet(new TreeSet<>(missed))));
        return Behaviors.stopped();
    }
}
