package io.kemu.actors.cluster.remote;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import io.kemu.actors.cluster.ChainNodeActor;
import io.kemu.actors.cluster.ClusterCoordinator;

/**
 * The guardian of a {@code kemu node} JVM: one {@link ChainNodeActor} over the store replayed from
 * its {@link NodeLog} (on the blocking-I/O dispatcher, since every change is forced to disk before
 * it answers), registered with the Receptionist under its node's key so the coordinator finds it.
 * When the node actor stops (a crash command, a failed disk) the guardian stops, and with it the
 * actor system and the JVM.
 */
public final class RemoteNode {
    private RemoteNode() {
    }

    public static Behavior<Void> guardian(NodeLog log) {
        return Behaviors.<Void>setup(context -> {
            int node = log.store().node();
            ActorRef<ChainNodeActor.Command> ref = context.spawn(ChainNodeActor.create(log.store(), log),
                    "node-" + node, DispatcherSelector.blocking());
            context.watch(ref);
            context.getSystem().receptionist().tell(Receptionist.register(ClusterCoordinator.nodeKey(node), ref));
            return Behaviors.empty();
        });
    }
}
