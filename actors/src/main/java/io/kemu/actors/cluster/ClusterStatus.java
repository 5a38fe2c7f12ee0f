package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import java.util.List;

/**
 * The reply to {@link CoordinatorProtocol.GetStatus}: node states, node refs (null while down), the
 * last transaction id, resyncs done, client operations waiting, what runs now, and which
 * coordinator incarnation answers ({@code coordinator}: its actor's path with uid, so a client
 * sees when the Cluster Singleton moved to another JVM, or restarted).
 */
public record ClusterStatus(List<NodeState> nodes, List<ActorRef<ChainNodeActor.Command>> refs, long lastTid,
                            long resyncs, int queued, Activity running, String coordinator)
        implements CoordinatorMessage {
    public boolean allUp() {
        return nodes.stream().allMatch(s -> s == NodeState.UP);
    }

    /** Nothing of a client waits or runs in this incarnation: no request sent to it is still pending. */
    public boolean noClientWork() {
        return queued == 0 && running != Activity.OPERATION;
    }
}
