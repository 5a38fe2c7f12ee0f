package io.kemu.actors.cluster.remote;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.kemu.actors.cluster.ClusterSettings;
import io.kemu.actors.cluster.ClusterSimulation;
import io.kemu.actors.cluster.ClusterStatus;
import io.kemu.actors.cluster.CoordinatorProtocol;
import io.kemu.actors.cluster.NodeLauncher;
import io.kemu.actors.cluster.SimulationReport;
import io.kemu.actors.cluster.SimulationSpec;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The guardian of {@code kemu cluster --processes}, in the driver's JVM (the first seed; it never
 * hosts the coordinator). Once this JVM is an Up member it starts the coordinator JVMs
 * ({@link CoordinatorProcesses}, hosting the {@link CoordinatorSingleton}) and the {@code kemu node}
 * processes ({@code launcher}); once the coordinator answers through the singleton proxy with every
 * node joined and resynchronised (all UP), the same seeded {@link ClusterSimulation} as in-process
 * runs against it, through {@link DriverFaults}, with {@link #OVERDUE} polling (the coordinator may
 * die). If the nodes are not all up within {@code bootDeadline}, {@code onBootFailure} is told why.
 */
public final class ProcessSimulation {
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long an answer may take before the simulation checks whether the coordinator moved. */
    private static final Duration OVERDUE = Duration.ofSeconds(1);

    private enum Poll { INSTANCE }

    private final ActorContext<Object> context;
    private final TimerScheduler<Object> timers;
    private final SimulationSpec spec;
    private final ClusterSettings settings;
    private final NodeLauncher launcher;
    private final CoordinatorProcesses coordinators;
    private final ActorRef<CoordinatorProtocol.Command> cluster;
    private final ActorRef<SimulationReport> sink;
    private final Consumer<String> onBootFailure;
    private final long deadline;
    private final Duration bootDeadline;

    private ProcessSimulation(ActorContext<Object> context, TimerScheduler<Object> timers, SimulationSpec spec,
                              ClusterSettings settings, NodeLauncher launcher, CoordinatorProcesses coordinators,
                              Duration bootDeadline, Consumer<SimulationReport> onReport,
                              Consumer<String> onBootFailure) {
        this.context = context;
        this.timers = timers;
        this.spec = spec;
        this.settings = settings;
        this.launcher = launcher;
        this.coordinators = coordinators;
        this.onBootFailure = onBootFailure;
        this.bootDeadline = bootDeadline;
        this.deadline = System.nanoTime() + bootDeadline.toNanos();
        this.cluster = CoordinatorSingleton.init(context.getSystem(), spec.pfs(), settings);
        this.sink = context.spawn(SimulationReport.sink(onReport), "report");
    }

    public static Behavior<Void> guardian(SimulationSpec spec, ClusterSettings settings, NodeLauncher launcher,
                                          CoordinatorProcesses coordinators, Duration bootDeadline,
                                          Consumer<SimulationReport> onReport, Consumer<String> onBootFailure) {
        return Behaviors.<Object>setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Poll.INSTANCE, POLL);
            return new ProcessSimulation(context, timers, spec, settings, launcher, coordinators, bootDeadline,
                    onReport, onBootFailure).joining();
        })).narrow();
    }

    /** Waiting until this JVM is Up in the cluster; then the coordinator and node processes are started. */
    private Behavior<Object> joining() {
        return Behaviors.receive(Object.class)
                .onMessageEquals(Poll.INSTANCE, this::onPollWhileJoining)
                .build();
    }

    private Behavior<Object> onPollWhileJoining() {
        if (Cluster.get(context.getSystem()).selfMember().status() != MemberStatus.up()) {
            return pastDeadline("this JVM did not become an Up cluster member") ? Behaviors.empty() : Behaviors.same();
        }
        coordinators.startAll();
        for (int i = 0; i < spec.nodes(); i++) {
            launcher.start(i);
        }
        return booting();
    }

    /** Waiting until every node has registered and been resynchronised; then the simulation runs. */
    private Behavior<Object> booting() {
        ActorRef<ClusterStatus> statuses = context.messageAdapter(ClusterStatus.class, status -> status);
        return Behaviors.receive(Object.class)
                .onMessageEquals(Poll.INSTANCE, () -> onPollWhileBooting(statuses))
                .onMessage(ClusterStatus.class, this::onStatusWhileBooting)
                .build();
    }

    /** Asks the coordinator (through the proxy, which holds requests until it finds the singleton). */
    private Behavior<Object> onPollWhileBooting(ActorRef<ClusterStatus> statuses) {
        cluster.tell(new CoordinatorProtocol.GetStatus(statuses));
        return pastDeadline("the coordinator did not answer with every node up") ? Behaviors.empty() : Behaviors.same();
    }

    private Behavior<Object> onStatusWhileBooting(ClusterStatus status) {
        if (status.allUp()) {
            timers.cancelAll();
            ActorRef<CoordinatorProtocol.Command> faults =
                    context.spawn(DriverFaults.create(cluster, launcher, coordinators), "faults");
            context.spawn(ClusterSimulation.create(spec, settings, faults, sink, OVERDUE), "simulation");
            return Behaviors.empty();
        }
        return pastDeadline("the nodes did not all join: " + status.nodes()) ? Behaviors.empty() : Behaviors.same();
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
