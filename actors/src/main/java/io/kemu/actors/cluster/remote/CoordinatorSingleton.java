package io.kemu.actors.cluster.remote;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.SingletonActor;
import io.kemu.actors.cluster.ClusterCoordinator;
import io.kemu.actors.cluster.ClusterSettings;
import io.kemu.actors.cluster.CoordinatorProtocol;
import io.kemu.actors.cluster.NodeLauncher;
import io.kemu.hammer2.cluster.Pfs;

/**
 * The {@link ClusterCoordinator} of a process cluster as an Akka Cluster Singleton: it runs on the
 * oldest member with role {@value #ROLE} ({@code kemu node --coordinator} JVMs), and when that JVM
 * dies (SIGKILL, downed) it starts again on the next oldest one. Every member calls {@link #init};
 * members without the role (the driver, {@code kemu cluster --processes}) only get the proxy, which
 * finds the current incarnation and buffers requests while there is none.
 *
 * <p>A new incarnation knows nothing: it finds the nodes through the Receptionist, treats each as
 * STALE until resynchronised from the quorum (so a write whose phase 2 reached only some nodes when
 * the old one died is settled by the kernel's resolution, like any {@code Failed} write), and
 * takes its transaction ids past the highest modify_tid those resyncs see. It neither starts nor
 * kills nodes ({@link NodeLauncher#NONE}): the driver, their parent process, does. A coordinator
 * that fails is restarted in place, equally fresh.
 */
public final class CoordinatorSingleton {
    /** The cluster role of the JVMs that may host the coordinator. */
    public static final String ROLE = "coordinator";
    /** The singleton's name (its actor path ends with it). */
    public static final String NAME = "kemu-coordinator";

    private CoordinatorSingleton() {
    }

    /** Starts the singleton manager (on a member with {@value #ROLE}) and returns the proxy. */
    public static ActorRef<CoordinatorProtocol.Command> init(ActorSystem<?> system, Pfs pfs, ClusterSettings settings) {
        Behavior<CoordinatorProtocol.Command> coordinator = Behaviors.supervise(
                ClusterCoordinator.create(pfs, settings, NodeLauncher.NONE)).onFailure(SupervisorStrategy.restart());
        return ClusterSingleton.get(system).init(SingletonActor.of(coordinator, NAME)
                .withSettings(ClusterSingletonSettings.create(system).withRole(ROLE)));
    }

    /** The guardian of a {@code kemu node --coordinator} JVM: a standby or the host of the singleton. */
    public static Behavior<Void> guardian(Pfs pfs, ClusterSettings settings) {
        return Behaviors.setup(context -> {
            init(context.getSystem(), pfs, settings);
            return Behaviors.empty();
        });
    }
}
