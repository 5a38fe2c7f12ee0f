package io.kemu.actors.cluster.remote;

import akka.actor.Address;
import akka.actor.ActorPaths;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Down;
import io.kemu.actors.cluster.CoordinatorProtocol;
import io.kemu.actors.cluster.NodeLauncher;

/**
 * The driver's end of a process cluster, between the simulation and the coordinator's singleton
 * proxy. The driver is the parent of every JVM, so it does what needs a parent: a
 * {@link CoordinatorProtocol.CrashNode} SIGKILLs the node's JVM (then the coordinator is told, and
 * downs the member), a {@link CoordinatorProtocol.RestartNode} starts a new JVM on the node's store
 * (then the coordinator is told), a {@link CoordinatorProtocol.KillCoordinator} SIGKILLs the JVM
 * hosting that coordinator incarnation, downs its member at once (no waiting for the failure
 * detector: the singleton moves as soon as the member is removed) and starts a standby in its place.
 * Everything else goes to the coordinator unchanged.
 */
final class DriverFaults {
    private final ActorContext<CoordinatorProtocol.Command> context;
    private final ActorRef<CoordinatorProtocol.Command> coordinator;
    private final NodeLauncher nodes;
    private final CoordinatorProcesses coordinators;

    private DriverFaults(ActorContext<CoordinatorProtocol.Command> context,
                         ActorRef<CoordinatorProtocol.Command> coordinator, NodeLauncher nodes,
                         CoordinatorProcesses coordinators) {
        this.context = context;
        this.coordinator = coordinator;
        this.nodes = nodes;
        this.coordinators = coordinators;
    }

    static Behavior<CoordinatorProtocol.Command> create(ActorRef<CoordinatorProtocol.Command> coordinator,
                                                        NodeLauncher nodes, CoordinatorProcesses coordinators) {
        return Behaviors.setup(context -> new DriverFaults(context, coordinator, nodes, coordinators).routing());
    }

    private Behavior<CoordinatorProtocol.Command> routing() {
        return Behaviors.receive(CoordinatorProtocol.Command.class)
                .onMessage(CoordinatorProtocol.CrashNode.class, this::onCrashNode)
                .onMessage(CoordinatorProtocol.RestartNode.class, this::onRestartNode)
                .onMessage(CoordinatorProtocol.KillCoordinator.class, this::onKillCoordinator)
                .onMessage(CoordinatorProtocol.Command.class, this::forward)
                .build();
    }

    private Behavior<CoordinatorProtocol.Command> onCrashNode(CoordinatorProtocol.CrashNode crash) {
        nodes.kill(crash.node());
        return forward(crash);
    }

    private Behavior<CoordinatorProtocol.Command> onRestartNode(CoordinatorProtocol.RestartNode restart) {
        nodes.start(restart.node());
        return forward(restart);
    }

    /** The incarnation names the coordinator's actor; its address is the JVM's, whose port says which. */
    private Behavior<CoordinatorProtocol.Command> onKillCoordinator(CoordinatorProtocol.KillCoordinator kill) {
        Address address = ActorPaths.fromString(kill.incarnation()).address();
        if (address.getPort().isEmpty()) {
            context.getLog().warn("coordinator {} has no address: not killed", kill.incarnation());
            return Behaviors.same();
        }
        coordinators.kill((Integer) address.getPort().get());
        Cluster.get(context.getSystem()).manager().tell(new Down(address));
        context.getLog().info("coordinator JVM at {} killed with SIGKILL and downed", address);
        return Behaviors.same();
    }

    private Behavior<CoordinatorProtocol.Command> forward(CoordinatorProtocol.Command command) {
        coordinator.tell(command);
        return Behaviors.same();
    }
}
