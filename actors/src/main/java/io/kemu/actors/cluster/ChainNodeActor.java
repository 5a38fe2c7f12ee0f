package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.ChainWrite;
import io.kemu.hammer2.replica.FetchReply;
import io.kemu.hammer2.replica.NodeStore;
import java.time.Duration;
import java.util.List;

/**
 * One HAMMER2 node: the kernel's per-node chain thread (xN). It owns the node's {@link NodeStore}
 * and answers fetches, applies and reverts writes, installs synchronisation and resync changes,
 * and dumps its chains. Nothing is shared with other actors; the store is handed to the next
 * incarnation only after this one has stopped (a crash keeps the "disk", loses the undo record).
 *
 * <p>Injected faults: {@link Crash} stops the actor; {@link SetDelay} delays every reply (a slow
 * node); {@link SetPartitioned} drops every request until healed, then says {@link Hello}. A
 * restarted node is known stale by whoever restarted it.
 *
 * <p>State: the store and the undo record of the last apply, kept by {@link NodeChanges} (durable:
 * in memory, and on a {@link NodeDisk} for a node in its own JVM; the undo record is volatile,
 * cleared by any later change so a late revert never clobbers newer state), the reply delay and
 * the partition flag.
 */
public final class ChainNodeActor {

    /** Requests and fault injections; they cross JVMs (Jackson, see {@link NodeMessage}). */
    public sealed interface Command extends NodeMessage {}

    public record Fetch(long opId, long key, ActorRef<Reply> replyTo) implements Command {}

    public record Apply(long opId, @JsonChainWrites List<ChainWrite> writes, ActorRef<Reply> replyTo) implements Command {}

    public record Revert(long opId) implements Command {}

    /** Synchronisation from the quorum (the kernel's sync thread); no reply. */
    public record Sync(@JsonChainWrites List<ChainWrite> writes) implements Command {}

    public record Dump(long opId, ActorRef<Reply> replyTo) implements Command {}

    public record Install(long opId, @JsonChainWrites List<ChainWrite> writes, ActorRef<Reply> replyTo) implements Command {}

    public enum Crash implements Command { INSTANCE }

    public record SetDelay(Duration delay) implements Command {}

    /** Drops requests while {@code partitioned}; on healing says {@link Hello} to {@code helloTo}. */
    public record SetPartitioned(boolean partitioned, ActorRef<Reply> helloTo) implements Command {}

    /** What a node tells the cluster. */
    public sealed interface Reply extends NodeMessage {
        int node();
    }

    public record Fetched(int node, long opId, FetchReply reply) implements Reply {}

    public record Applied(int node, long opId) implements Reply {}

    public record Dumped(int node, long opId, List<ChainImage> images) implements Reply {}

    public record Installed(int node, long opId) implements Reply {}

    /** Sent when a partition heals: "I may have missed things". */
    public record Hello(int node) implements Reply {}

    /**
     * Test-only configuration switch (never in reference.conf): when on, a node acknowledges an apply
     * before storing it, and a child actor stores it later - a real ordering bug (an ack applied
     * before the store) that the deterministic thread model's seed sweeps must find.
     */
    public static final String ACK_BEFORE_STORE = "kemu.test-only.ack-before-store";

    private final ActorContext<Command> context;
    private final NodeStore store;
    private final NodeChanges changes;
    /** Only with {@link #ACK_BEFORE_STORE}: the child that stores applies after they were acknowledged. */
    private ActorRef<LateStore.Pending> lateStore;
    private Duration delay = Duration.ZERO;
    private boolean partitioned;

    private ChainNodeActor(ActorContext<Command> context, NodeStore store, NodeDisk disk) {
        this.context = context;
        this.store = store;
        this.changes = new NodeChanges(store, disk);
    }

    /** A node over {@code store} kept in memory only (it survives a crash of the actor, not of the JVM). */
    public static Behavior<Command> create(NodeStore store) {
        return create(store, NodeDisk.MEMORY);
    }

    /**
     * A node over {@code store} whose every change is first made durable on {@code disk}: a reply
     * (Applied, Installed) leaves only after the change it confirms was persisted. A disk that
     * fails stops the node (it never acknowledges what it could not keep).
     */
    public static Behavior<Command> create(NodeStore store, NodeDisk disk) {
        return Behaviors.setup(context -> {
            context.setLoggerName(ChainNodeActor.class);
            final ChainNodeActor node = new ChainNodeActor(context, store, disk);
            if (context.getSystem().settings().config().hasPath(ACK_BEFORE_STORE)
                    && context.getSystem().settings().config().getBoolean(ACK_BEFORE_STORE)) {
                node.lateStore = context.spawn(LateStore.create(node.changes), "late-store");
            }
            return node.running();
        });
    }

    /** Serving requests (or dropping them while partitioned). */
    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessageEquals(Crash.INSTANCE, this::onCrash)
                .onMessage(SetDelay.class, this::onSetDelay)
                .onMessage(SetPartitioned.class, this::onSetPartitioned)
                .onMessage(Command.class, m -> partitioned, m -> Behaviors.same())
                .onMessage(Fetch.class, this::onFetch)
                .onMessage(Apply.class, this::onApply)
                .onMessage(Revert.class, this::onRevert)
                .onMessage(Sync.class, this::onSync)
                .onMessage(Dump.class, this::onDump)
                .onMessage(Install.class, this::onInstall)
                .build();
    }

    private Behavior<Command> onCrash() {
        context.getLog().debug("node {} crashes", store.node());
        return Behaviors.stopped();
    }

    private Behavior<Command> onSetDelay(SetDelay set) {
        delay = set.delay();
        return Behaviors.same();
    }

    /** A healed partition says hello: the cluster then treats the node as stale. */
    private Behavior<Command> onSetPartitioned(SetPartitioned set) {
        if (partitioned && !set.partitioned()) {
            set.helloTo().tell(new Hello(store.node()));
        }
        partitioned = set.partitioned();
        return Behaviors.same();
    }

    private Behavior<Command> onFetch(Fetch fetch) {
        return reply(fetch.replyTo(), new Fetched(store.node(), fetch.opId(), store.fetch(fetch.key())));
    }

    private Behavior<Command> onApply(Apply apply) {
        if (lateStore != null) {
            changes.acknowledgeBeforeStore(apply.opId());
            lateStore.tell(new LateStore.Pending(apply, LateStore.HOPS));
        } else {
            changes.apply(apply.opId(), apply.writes());
        }
        return reply(apply.replyTo(), new Applied(store.node(), apply.opId()));
    }

    /** Undoes the last apply, only if it is still the last change (a late revert never clobbers newer state). */
    private Behavior<Command> onRevert(Revert revert) {
        changes.revert(revert.opId());
        return Behaviors.same();
    }

    private Behavior<Command> onSync(Sync sync) {
        changes.install(sync.writes());
        return Behaviors.same();
    }

    private Behavior<Command> onDump(Dump dump) {
        return reply(dump.replyTo(), new Dumped(store.node(), dump.opId(), store.dump()));
    }

    private Behavior<Command> onInstall(Install install) {
        changes.install(install.writes());
        return reply(install.replyTo(), new Installed(store.node(), install.opId()));
    }

    private Behavior<Command> reply(ActorRef<Reply> to, Reply reply) {
        if (delay.isZero()) {
            to.tell(reply);
        } else {
            context.scheduleOnce(delay, to, reply);
        }
        return Behaviors.same();
    }
}
