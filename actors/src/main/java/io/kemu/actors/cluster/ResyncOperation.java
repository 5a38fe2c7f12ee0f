package io.kemu.actors.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.ChainWrite;
import io.kemu.hammer2.replica.GatherRound;
import io.kemu.hammer2.replica.ResyncPlanner;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Brings one stale node back to the quorum - the job the kernel leaves to its synchronization
 * thread. Dumps the stale node and every up-to-date node (with the gather timeout),
 * lets {@link ResyncPlanner} compute the changes from the quorum's versions, installs them on the
 * stale node and waits for its confirmation. Reports success or why not to the coordinator, then
 * stops. Changes nothing when there is no quorum to synchronise from.
 */
final class ResyncOperation {

    sealed interface Command extends NoSerializationVerificationNeeded {}

    private record FromNode(ChainNodeActor.Reply reply) implements Command {}

    /** The coordinator saw the node stop. */
    record NodeDown(int node) implements Command {}

    private enum Timeout implements Command { INSTANCE }

    /**
     * Reported to the coordinator; {@code highestTid}: the highest modify_tid in the dumps received
     * (0 when none came), which the coordinator's tids must pass.
     */
    record Finished(int node, boolean synced, String detail, long highestTid)
            implements NoSerializationVerificationNeeded {}

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final long opId;
    private final int target;
    private final Set<Integer> upToDate;
    private final Map<Integer, ActorRef<ChainNodeActor.Command>> nodes;
    private final ResyncPlanner planner;
    private final ClusterSettings settings;
    private final ActorRef<Finished> coordinator;
    private final ActorRef<ChainNodeActor.Reply> replies;
    private final Set<Integer> gone = new HashSet<>();
    private long highestTid;

    private ResyncOperation(ActorContext<Command> context, TimerScheduler<Command> timers, long opId, int target,
                            Set<Integer> upToDate, Map<Integer, ActorRef<ChainNodeActor.Command>> nodes,
                            ResyncPlanner planner, ClusterSettings settings, ActorRef<Finished> coordinator) {
        this.context = context;
        this.timers = timers;
        this.opId = opId;
        this.target = target;
        this.upToDate = Collections.unmodifiableSet(new TreeSet<>(upToDate));
        this.nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
        this.planner = planner;
        this.settings = settings;
        this.coordinator = coordinator;
        this.replies = context.messageAdapter(ChainNodeActor.Reply.class, FromNode::new);
    }

    /**
     * Resynchronises {@code target} from the other nodes of {@code nodes} (every running node, the
     * target included): from the {@code upToDate} ones if they hold a quorum, else from every
     * running node - the kernel's resolution over them still only accepts a quorum at the highest
     * tid, so no acknowledged write can be overruled by an older copy.
     */
    static Behavior<Command> create(long opId, int target, Set<Integer> upToDate,
                                    Map<Integer, ActorRef<ChainNodeActor.Command>> nodes, ResyncPlanner planner,
                                    ClusterSettings settings, ActorRef<Finished> coordinator) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.setLoggerName(ResyncOperation.class);
            return new ResyncOperation(context, timers, opId, target, upToDate, nodes, planner, settings, coordinator)
                    .dumping();
        }));
    }

    /** Waiting for the dumps of the stale node and the sources. */
    private Behavior<Command> dumping() {
        GatherRound<List<ChainImage>> round = new GatherRound<>(nodes.keySet());
        nodes.values().forEach(node -> node.tell(new ChainNodeActor.Dump(opId, replies)));
        timers.startSingleTimer(Timeout.INSTANCE, settings.gatherTimeout());
        return Behaviors.receive(Command.class)
                .onMessage(FromNode.class, m -> onDumped(m, round))
                .onMessage(NodeDown.class, m -> onNodeDownWhileDumping(m, round))
                .onMessageEquals(Timeout.INSTANCE, () -> plan(round))
                .build();
    }

    private Behavior<Command> onDumped(FromNode message, GatherRound<List<ChainImage>> round) {
        if (message.reply() instanceof ChainNodeActor.Dumped dumped && dumped.opId() == opId) {
            round.accept(dumped.node(), dumped.images());
        }
        return settled(round) ? plan(round) : Behaviors.same();
    }

    /** The stale node going down ends the resync; any other is not waited for. */
    private Behavior<Command> onNodeDownWhileDumping(NodeDown down, GatherRound<List<ChainImage>> round) {
        gone.add(down.node());
        if (down.node() == target) {
            return finish(false, "node went down");
        }
        return settled(round) ? plan(round) : Behaviors.same();
    }

    private Behavior<Command> plan(GatherRound<List<ChainImage>> round) {
        timers.cancel(Timeout.INSTANCE);
        round.replies().values().forEach(images -> images.forEach(image -> {
            if (Long.compareUnsigned(image.modifyTid(), highestTid) > 0) {
                highestTid = image.modifyTid();
            }
        }));
        if (round.replyOf(target).isEmpty()) {
            return finish(false, "no dump from the stale node in time");
        }
        Map<Integer, List<ChainImage>> everyone = new HashMap<>(round.replies());
        List<ChainImage> stale = everyone.remove(target);
        Map<Integer, List<ChainImage>> trusted = new HashMap<>(everyone);
        trusted.keySet().retainAll(upToDate);
        ResyncPlanner.Verdict verdict = planner.plan(trusted, target, stale);
        if (verdict instanceof ResyncPlanner.Verdict.Refused && everyone.size() > trusted.size()) {
            verdict = planner.plan(everyone, target, stale);
        }
        if (verdict instanceof ResyncPlanner.Verdict.Refused refused) {
            return finish(false, refused.reason());
        }
        List<ChainWrite> writes = ((ResyncPlanner.Verdict.Plan) verdict).writes();
        nodes.get(target).tell(new ChainNodeActor.Install(opId, writes, replies));
        timers.startSingleTimer(Timeout.INSTANCE, settings.gatherTimeout());
        return installing(writes.size());
    }

    /** Waiting for the stale node to confirm the install. */
    private Behavior<Command> installing(int changes) {
        return Behaviors.receive(Command.class)
                .onMessage(FromNode.class, m -> onInstalled(m, changes))
                .onMessage(NodeDown.class, this::onNodeDownWhileInstalling)
                .onMessageEquals(Timeout.INSTANCE, () -> finish(false, "install not confirmed in time"))
                .build();
    }

    private Behavior<Command> onInstalled(FromNode message, int changes) {
        return message.reply() instanceof ChainNodeActor.Installed installed && installed.opId() == opId
                ? finish(true, changes + " changes installed") : Behaviors.same();
    }

    private Behavior<Command> onNodeDownWhileInstalling(NodeDown down) {
        return down.node() == target ? finish(false, "node went down") : Behaviors.same();
    }

    private boolean settled(GatherRound<?> round) {
        Set<Integer> waiting = new HashSet<>(round.asked());
        waiting.removeAll(round.replies().keySet());
        waiting.removeAll(gone);
        return waiting.isEmpty();
    }

    private Behavior<Command> finish(boolean synced, String detail) {
        context.getLog().debug("resync of node {}: {}", target, detail);
        coordinator.tell(new Finished(target, synced, detail, highestTid));
        return Behaviors.stopped();
    }
}
