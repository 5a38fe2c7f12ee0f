package io.kemu.actors.cluster;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

/**
 * Test-only ({@link ChainNodeActor#ACK_BEFORE_STORE}): the child of a node that stores applies the
 * node has already acknowledged, a few hops late - a slow disk that acknowledged too early. The
 * ordering bug it plants (an ack before the store) is what the deterministic thread model's seed
 * sweeps must find. Never spawned otherwise.
 */
final class LateStore {

    /** An apply on its way to the store, {@code hopsLeft} messages to itself from being stored. */
    record Pending(ChainNodeActor.Apply apply, int hopsLeft) {}

    /** How many hops an acknowledged apply waits before it is stored. */
    static final int HOPS = 4;

    private LateStore() {
    }

    static Behavior<Pending> create(NodeChanges changes) {
        return Behaviors.setup(late -> Behaviors.receiveMessage(pending -> {
            if (pending.hopsLeft() > 0) {
                late.getSelf().tell(new Pending(pending.apply(), pending.hopsLeft() - 1));
            } else {
                changes.storeLate(pending.apply().writes());
            }
            return Behaviors.same();
        }));
    }
}
