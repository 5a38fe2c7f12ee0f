package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.kemu.hammer2.cluster.Pfs;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The guardian of {@code kemu cluster --processes}: a {@link ClusterCoordinator} whose nodes are
 * {@code kemu node} processes started by {@code launcher} as soon as this JVM is an Up member of
 * the cluster (it is the seed the nodes join through); once every node has joined and been
 * resynchronised (all UP), the same seeded {@link ClusterSimulation} as in-process runs against
 * it. If the nodes are not all up within {@code bootDeadline}, {@code onBootFailure} is told why
 * and nothing runs.
 */
public final class ProcessSimulation {
    private static final Duration POLL = Duration.ofMillis(100);

    private enum Poll { INSTANCE }

    private final ActorContext<Object> context;
    private final TimerScheduler<Object> timers;
    private final SimulationSpec spec;
    private final ClusterSettings settings;
    private final NodeLauncher launcher;
    private final ActorRef<ClusterCoordinator.Command> cluster;
    private final ActorRef<SimulationReport> sink;
    private final Consumer<String> onBootFailure;
    private final long deadline;
    private final Duration bootDeadline;

    private ProcessSimulation(ActorContext<Object> context, TimerScheduler<Object> timers, SimulationSpec spec,
                              ClusterSettings settings, NodeLauncher launcher, Duration bootDeadline,
                              Consumer<SimulationReport> onReport, Consumer<String> onBootFailure) {
        this.context = context;
        this.timers = timers;
        this.spec = spec;
        this.settings = settings;
        this.launcher = launcher;
        this.onBootFailure = onBootFailure;
        this.bootDeadline = bootDeadline;
        this.deadline = System.nanoTime() + bootDeadline.toNanos();
        Pfs pfs = Pfs.mastersThenSlaves(spec.masters(), spec.nodes() - spec.masters());
        this.cluster = context.spawn(ClusterCoordinator.create(pfs, settings, launcher), "cluster");
        this.sink = context.spawn(Behaviors.receive(SimulationReport.class)
                .onMessage(SimulationReport.class, report -> {
                    onReport.accept(report);
                    return Behaviors.stopped();
                })
                .build(), "report");
    }

    public static Behavior<Void> guardian(SimulationSpec spec, ClusterSettings settings, NodeLauncher launcher,
                                          Duration bootDeadline, Consumer<SimulationReport> onReport,
                                          Consumer<String> onBootFailure) {
        return Behaviors.<Object>setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Poll.INSTANCE, POLL);
            return new ProcessSimulation(context, timers, spec, settings, launcher, bootDeadline, onReport,
                    onBootFailure).joining();
        })).narrow();
    }

    /** Waiting until this JVM is Up in the cluster; then the node processes are started. */
    private Behavior<Object> joining() {
        return Behaviors.receive(Object.class)
                .onMessageEquals(Poll.INSTANCE, () -> {
                    if (Cluster.get(context.getSystem()).selfMember().status() != MemberStatus.up()) {
                        return pastDeadline("this JVM did not become an Up cluster member") ? Behaviors.empty()
                                : Behaviors.same();
                    }
                    for (int i = 0; i < spec.nodes(); i++) {
                        launcher.start(i);
                    }
                    return booting();
                })
                .build();
    }

    /** Waiting until every node has registered and been resynchronised; then the simulation runs. */
    private Behavior<Object> booting() {
        ActorRef<ClusterStatus> statuses =
                context.messageAdapter(ClusterStatus.class, status -> status);
        return Behaviors.receive(Object.class)
                .onMessageEquals(Poll.INSTANCE, () -> {
                    cluster.tell(new ClusterCoordinator.GetStatus(statuses));
                    return Behaviors.same();
                })
                .onMessage(ClusterStatus.class, status -> {
                    if (status.allUp()) {
                        timers.cancelAll();
                        context.spawn(ClusterSimulation.create(spec, settings, cluster, sink), "simulation");
                        return Behaviors.empty();
                    }
                    return pastDeadline("the nodes did not all join: " + status.nodes()) ? Behaviors.empty()
                            : Behaviors.same();
                })
                .build();
    }

    private boolean pastDeadline(String what) {
        if (System.nanoTime() < deadline) {
            return false;
        }
        timers.cancelAll();
        onBootFailure.accept(what + " within " + bootDeadline.toSeconds() + " s");
        return true;
    }
}
