package io.kemu.actors.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import io.kemu.hammer2.replica.Mutation;
import java.time.Duration;

/**
 * The messages of a {@link ClusterCoordinator}. Client requests (read, write, status) and fault
 * commands are {@link CoordinatorMessage}s: serializable, since clients talk to a coordinator in
 * another JVM through the Cluster Singleton proxy. Everything else (node replies, node
 * registrations, the end of an operation or resync, the resync tick) is sent by the coordinator's
 * own children and adapters inside its JVM, and is never serialized.
 */
public final class CoordinatorProtocol {
    private CoordinatorProtocol() {
    }

    public sealed interface Command {}

    /** A request from a client or a fault injector: may cross JVMs. */
    public sealed interface Request extends Command, CoordinatorMessage {}

    public record Read(long key, ActorRef<ClusterResult> replyTo) implements Request {}

    public record Write(@JsonMutation Mutation mutation, ActorRef<ClusterResult> replyTo) implements Request {}

    public record CrashNode(int node) implements Request {}

    public record RestartNode(int node) implements Request {}

    /** Every reply of the node is delayed by {@code delay} (zero: normal speed). */
    public record SlowNode(int node, Duration delay) implements Request {}

    public record PartitionNode(int node, boolean partitioned) implements Request {}

    /** Asks for the cluster's {@link ClusterStatus}. */
    public record GetStatus(ActorRef<ClusterStatus> replyTo) implements Request {}

    /**
     * For the driver of a process cluster, not the coordinator: SIGKILL the JVM that hosts the
     * coordinator incarnation {@code incarnation} ({@link ClusterStatus#coordinator()}). A
     * coordinator that receives it logs and ignores it.
     */
    public record KillCoordinator(String incarnation) implements Command, NoSerializationVerificationNeeded {}

    /** Internal to the coordinator's JVM. */
    sealed interface Internal extends Command, NoSerializationVerificationNeeded {}

    record FromNode(ChainNodeActor.Reply reply) implements Internal {}

    /** A node of another JVM registered with the Receptionist ({@link NodeFinder}). */
    record NodeFound(int node, ActorRef<ChainNodeActor.Command> ref) implements Internal {}

    /** Incarnation {@code ref} of {@code node} stopped, was killed or became unreachable. */
    record NodeLost(int node, ActorRef<ChainNodeActor.Command> ref) implements Internal {}

    record OpDone(ClusterOperation.Finished finished) implements Internal {}

    record ResyncDone(ResyncOperation.Finished finished) implements Internal {}

    enum ResyncTick implements Internal { INSTANCE }
}
