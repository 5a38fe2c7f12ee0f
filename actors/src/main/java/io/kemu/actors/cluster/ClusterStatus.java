package io.kemu.actors.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import java.util.List;

/**
 * The reply to {@link ClusterCoordinator.GetStatus}: node states, node refs (null while down), the
 * last transaction id, resyncs done, client operations waiting and what runs now.
 */
public record ClusterStatus(List<NodeState> nodes, List<ActorRef<ChainNodeActor.Command>> refs, long lastTid,
                            long resyncs, int queued, Activity running) implements NoSerializationVerificationNeeded {
    public boolean allUp() {
        return nodes.stream().allMatch(s -> s == NodeState.UP);
    }
}
