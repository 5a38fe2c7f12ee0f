package io.kemu.actors.cluster;

import java.util.ArrayDeque;

/**
 * Who runs next in the cluster, one piece of work at a time (the kernel holds the cluster lock
 * across a cluster operation): a waiting client operation or the resync of a stale node. When both
 * wait they alternate, so neither can starve the other. Holds the bounded queue of client requests.
 * Plain and single-threaded: only {@link ClusterCoordinator} calls it.
 */
final class WorkTurns {

    /** What to start now. */
    enum Next { NOTHING, RESYNC, CLIENT_OPERATION }

    private final int maxQueued;
    private final ArrayDeque<ClusterOperation.Request> queue = new ArrayDeque<>();
    /** The last start was a resync: a waiting client operation goes first next time. */
    private boolean clientsTurn;

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
}
