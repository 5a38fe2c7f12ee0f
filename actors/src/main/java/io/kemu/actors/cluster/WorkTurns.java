package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import java.util.ArrayDeque;

/**
 * Who runs next in the cluster, one piece of work at a time (the kernel holds the cluster lock
 * across a cluster operation): a waiting client operation or the resync of a stale node. When both
 * wait they alternate, so neither can starve the other. Holds the bounded queue of client requests
 * and the piece of work running now (at most one: a client operation or a resync).
 * Plain and single-threaded: only {@link ClusterCoordinator} calls it.
 */
final class WorkTurns {

    /** What to start now. */
    enum Next { NOTHING, RESYNC, CLIENT_OPERATION }

    private final int maxQueued;
    private final ArrayDeque<ClusterOperation.Request> queue = new ArrayDeque<>();
    /** The last start was a resync: a waiting client operation goes first next time. */
    private boolean clientsTurn;
    private ActorRef<ClusterOperation.Command> runningOp;
    private ActorRef<ResyncOperation.Command> runningResync;
    private long opIds;

    WorkTurns(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /** Queues a client request; false (nothing queued) when the queue is full. */
    boolean offer(ClusterOperation.Request request) {
        if (queue.size() >= maxQueued) {
            return false;
        }
        queue.add(request);
        return true;
    }

    int queued() {
        return queue.size();
    }

    /** What to start when idle, given whether a stale node waits for its resync. */
    Next next(boolean resyncWaiting) {
        final boolean clientWaiting = !queue.isEmpty();
        if (resyncWaiting && !(clientsTurn && clientWaiting)) {
            clientsTurn = true;
            return Next.RESYNC;
        }
        if (clientWaiting) {
            clientsTurn = false;
            return Next.CLIENT_OPERATION;
        }
        return Next.NOTHING;
    }

    /** The request whose turn {@link #next} gave. */
    ClusterOperation.Request take() {
        return queue.poll();
    }

    /** A client operation or a resync runs: nothing else may start. */
    boolean busy() {
        return runningOp != null || runningResync != null;
    }

    /** The id of the next operation or resync to start (1, 2, ...). */
    long nextOpId() {
        return ++opIds;
    }

    void operationStarted(ActorRef<ClusterOperation.Command> op) {
        runningOp = op;
    }

    void operationDone() {
        runningOp = null;
    }

    void resyncStarted(ActorRef<ResyncOperation.Command> resync) {
        runningResync = resync;
    }

    void resyncDone() {
        runningResync = null;
    }

    /** What runs now, for {@link ClusterStatus}. */
    Activity activity() {
        return runningOp != null ? Activity.OPERATION : runningResync != null ? Activity.RESYNC : Activity.IDLE;
    }

    /** {@code node} went DOWN: the running operation or resync counts it out. */
    void nodeDown(int node) {
        if (runningOp != null) {
            runningOp.tell(new ClusterOperation.NodeDown(node));
        }
        if (runningResync != null) {
            runningResync.tell(new ResyncOperation.NodeDown(node));
        }
    }
}
