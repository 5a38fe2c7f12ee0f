package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds the coordinator's nodes in other JVMs: subscribes to the Receptionist for every node's
 * {@link ServiceKey} ({@link #keyOf}) and tells the coordinator when a node's reachable
 * registration appears or changes ({@link CoordinatorProtocol.NodeFound}, a new incarnation) or
 * disappears ({@link CoordinatorProtocol.NodeLost}: stopped, downed or unreachable).
 *
 * <p>State: the ref last reported per node. While it stays reachable it is kept, even beside a
 * newer incarnation; once it is gone the newer one is reported.
 */
final class NodeFinder {
    private static final String KEY_PREFIX = "kemu-chain-node-";

    private NodeFinder() {
    }

    /** The Receptionist key node {@code node} registers under. */
    static ServiceKey<ChainNodeActor.Command> keyOf(int node) {
        return ServiceKey.create(ChainNodeActor.Command.class, KEY_PREFIX + node);
    }

    static Behavior<Receptionist.Listing> create(int slots, ActorRef<CoordinatorProtocol.Command> coordinator) {
        return Behaviors.setup(context -> {
            for (int i = 0; i < slots; i++) {
                context.getSystem().receptionist().tell(Receptionist.subscribe(keyOf(i), context.getSelf()));
            }
            Map<Integer, ActorRef<ChainNodeActor.Command>> reported = new HashMap<>();
            return Behaviors.receive(Receptionist.Listing.class)
                    .onMessage(Receptionist.Listing.class, listing -> {
                        int node = Integer.parseInt(listing.getKey().id().substring(KEY_PREFIX.length()));
                        onListing(node, listing.getServiceInstances(keyOf(node)), reported, coordinator);
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static void onListing(int node, Set<ActorRef<ChainNodeActor.Command>> reachable,
                                  Map<Integer, ActorRef<ChainNodeActor.Command>> reported,
                                  ActorRef<CoordinatorProtocol.Command> coordinator) {
        ActorRef<ChainNodeActor.Command> last = reported.get(node);
        if (last != null && reachable.contains(last)) {
            return;
        }
        if (last != null) {
            coordinator.tell(new CoordinatorProtocol.NodeLost(node, last));
            reported.remove(node);
        }
        reachable.stream().findFirst().ifPresent(ref -> {
            reported.put(node, ref);
            coordinator.tell(new CoordinatorProtocol.NodeFound(node, ref));
        });
    }
}
