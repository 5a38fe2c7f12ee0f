package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import io.kemu.actors.cluster.SimulationProtocol.Command;
import io.kemu.actors.cluster.SimulationProtocol.GotResult;
import io.kemu.actors.cluster.SimulationProtocol.GotStatus;
import io.kemu.actors.cluster.SimulationProtocol.Overdue;
import io.kemu.actors.dispatch.ActorClock;
import io.kemu.hammer2.replica.Mutation;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Drives a seeded simulation against a {@link ClusterCoordinator} (protocol: {@link
 * SimulationProtocol}): before each operation the
 * {@link FaultPlan} may inject or end faults; the operation (read, create, modify or delete of a
 * random key) is sent and its answer checked ({@link SimulationTally}). After the last operation
 * every fault is healed, the simulation waits until every node is up and synchronised, reads every
 * key back and replies with a {@link SimulationReport}. One operation at a time.
 *
 * <p>With {@code overdue} set, the coordinator may die (a Cluster Singleton whose JVM is killed):
 * each request is then an ask of its own (a late answer to an earlier one is ignored), and while an
 * answer is overdue the status is polled. Once a new coordinator incarnation answers with no client
 * work queued or running, the request can no longer be pending anywhere (requests and status polls
 * pass the singleton proxy in order): it was lost with the old one - a write is indeterminate, a
 * read-back is sent again.
 */
public final class ClusterSimulation {

    private static final Duration POLL = Duration.ofMillis(20);
    /** How long the final heal may take before the check runs anyway (and reports what it finds). */
    private static final Duration HEAL_DEADLINE = Duration.ofSeconds(30);

    private final ActorContext<Command> context;
    private final SimulationSpec spec;
    private final CoordinatorLink cluster;
    private final ActorRef<SimulationReport> replyTo;
    private final Random ops;
    private final FaultPlan faults;
    private final SimulationTally tally = new SimulationTally();
    /** Wall time, or virtual time under the deterministic thread model. */
    private final ActorClock clock;
    private final long started;

    private ClusterSimulation(ActorContext<Command> context, TimerScheduler<Command> timers, SimulationSpec spec,
                              ClusterSettings settings, ActorRef<CoordinatorProtocol.Command> cluster,
                              ActorRef<SimulationReport> replyTo, Duration overdue) {
        this.context = context;
        this.spec = spec;
        this.cluster = new CoordinatorLink(context, timers, cluster, overdue);
        this.replyTo = replyTo;
        this.ops = new Random(spec.seed());
        this.faults = new FaultPlan(spec, new Random(~spec.seed()), settings.gatherTimeout().multipliedBy(2));
        this.clock = ActorClock.get(context.getSystem());
        this.started = clock.nanoTime();
    }

    /**
     * A guardian running one whole in-process simulation: a {@link ClusterCoordinator} for {@code spec}'s
     * PFS (node i's actor spawned with {@code nodeProps.apply(i)}), the driver (with {@code driverProps}),
     * and {@code onReport} called once with the report.
     */
    public static Behavior<Void> guardian(SimulationSpec spec, ClusterSettings settings, IntFunction<Props> nodeProps,
                                          Props driverProps, Consumer<SimulationReport> onReport) {
        return Behaviors.setup(context -> {
            ActorRef<CoordinatorProtocol.Command> cluster =
                    context.spawn(ClusterCoordinator.create(spec.pfs(), settings, nodeProps), "cluster", driverProps);
            ActorRef<SimulationReport> sink = context.spawn(SimulationReport.sink(onReport), "report");
            context.spawn(create(spec, settings, cluster, sink, null), "simulation", driverProps);
            return Behaviors.empty();
        });
    }

    /** The driver alone, against a coordinator that cannot die (in-process). */
    public static Behavior<Command> create(SimulationSpec spec, ClusterSettings settings,
                                           ActorRef<CoordinatorProtocol.Command> cluster, ActorRef<SimulationReport> replyTo) {
        return create(spec, settings, cluster, replyTo, null);
    }
    /** The driver alone; {@code overdue} null when the coordinator cannot die (in-process). */
    public static Behavior<Command> create(SimulationSpec spec, ClusterSettings settings,
                                           ActorRef<CoordinatorProtocol.Command> cluster,
                                           ActorRef<SimulationReport> replyTo, Duration overdue) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.setLoggerName(ClusterSimulation.class);
            return new ClusterSimulation(context, timers, spec, settings, cluster, replyTo, overdue).step(0);
        }));
    }

    /** Operation {@code i}: fetch node states, inject faults, send the operation, check its answer. */
    private Behavior<Command> step(int i) {
        if (i == spec.ops()) {
            return healing();
        }
        return awaitingStatus(status -> onStatusBeforeStep(status, i));
    }

    /**
     * Before step {@code i}: the faults due now go out; when a scheduled kill is due but cannot happen
     * yet (a node is still down), the step waits and asks again, so every kill happens, one at a time.
     */
    private Behavior<Command> onStatusBeforeStep(ClusterStatus status, int i) {
        final List<CoordinatorProtocol.Request> commands = faults.before(i, status);
        commands.forEach(cluster::tell);
        if (commands.isEmpty() && faults.holdsForKill(i, status)) {
            cluster.askStatusAfter(POLL);
            return Behaviors.same();
        }
        return operate(i);
    }

    /** Sends operation {@code i}; a coordinator kill due now follows it, so it is killed mid-operation. */
    private Behavior<Command> operate(int i) {
        long key = ops.nextInt(spec.keys());
        Mutation mutation = SimulationTally.nextMutation(ops, key);
        final long sent = clock.nanoTime();
        String sentTo = cluster.incarnation();
        long request = cluster.send(replyTo -> mutation == null ? new CoordinatorProtocol.Read(key, replyTo)
                : new CoordinatorProtocol.Write(mutation, replyTo));
        if (faults.killsCoordinatorAt(i)) {
            cluster.tell(new CoordinatorProtocol.KillCoordinator(sentTo));
        }
        return awaitingAnswer(request, sentTo, result -> {
            tally.answered(key, mutation, result, clock.nanoTime() - sent, cluster.moves() > 0);
            return step(i + 1);
        }, () -> {
            tally.lostInFlight(mutation);
            return step(i + 1);
        });
    }

    /** Ends every fault and waits until every node is up and synchronised, or the heal deadline passed. */
    private Behavior<Command> healing() {
        long deadline = clock.nanoTime() + HEAL_DEADLINE.toNanos();
        return awaitingStatus(status -> onStatusWhileHealing(status, deadline));
    }

    private Behavior<Command> onStatusWhileHealing(ClusterStatus status, long deadline) {
        List<CoordinatorProtocol.Request> heals = faults.healAll(status);
        heals.forEach(cluster::tell);
        if (status.allUp() && heals.isEmpty() && !faults.anyActive()) {
            return verify(0);
        }
        if (clock.nanoTime() > deadline) {
            context.getLog().warn("cluster not healed after {}: {}", HEAL_DEADLINE, status.nodes());
            return verify(0);
        }
        cluster.askStatusAfter(POLL);
        return Behaviors.same();
    }

    /** Reads key {@code key} back and checks it (again, if the coordinator died meanwhile), then the next. */
    private Behavior<Command> verify(long key) {
        if (key == spec.keys()) {
            return awaitingStatus(status -> report(status.resyncs()));
        }
        long request = cluster.send(replyTo -> new CoordinatorProtocol.Read(key, replyTo));
        return awaitingAnswer(request, cluster.incarnation(), result -> {
            tally.readBack(key, result);
            return verify(key + 1);
        }, () -> verify(key));
    }

    private Behavior<Command> report(long resyncs) {
        replyTo.tell(tally.report(spec, faults, resyncs, (clock.nanoTime() - started) / 1_000_000,
                cluster.moves()));
        return Behaviors.stopped();
    }

    /** Waiting for a status (asked now, and again whenever it is overdue); late answers are ignored. */
    private Behavior<Command> awaitingStatus(Function<ClusterStatus, Behavior<Command>> then) {
        cluster.askStatus();
        return Behaviors.receive(Command.class)
                .onMessage(GotStatus.class, m -> then.apply(cluster.noted(m.status())))
                .onMessageEquals(Overdue.INSTANCE, this::onOverdue)
                .onMessage(GotResult.class, this::onLateResult)
                .build();
    }

    /** Waiting for the answer to {@code request}, sent while {@code sentTo} was the known coordinator. */
    private Behavior<Command> awaitingAnswer(long request, String sentTo, Function<ClusterResult, Behavior<Command>> then,
                                             Supplier<Behavior<Command>> lost) {
        return Behaviors.receive(Command.class)
                .onMessage(GotResult.class, m -> onAnswer(m, request, then, lost))
                .onMessageEquals(Overdue.INSTANCE, this::onOverdue)
                .onMessage(GotStatus.class, m -> onStatusWhileWaiting(cluster.noted(m.status()), sentTo, lost))
                .build();
    }

    /** The answer to {@code request} (an ask that gave up: lost); others are late, ignored. */
    private Behavior<Command> onAnswer(GotResult got, long request, Function<ClusterResult, Behavior<Command>> then,
                                       Supplier<Behavior<Command>> lost) {
        if (got.seq() != request) {
            return onLateResult(got);
        }
        return got.result() == null ? lost.get() : then.apply(got.result());
    }

    /** The coordinator {@code sentTo} was replaced, and its successor holds no client request: lost. */
    private Behavior<Command> onStatusWhileWaiting(ClusterStatus status, String sentTo, Supplier<Behavior<Command>> lost) {
        return !status.coordinator().equals(sentTo) && status.noClientWork() ? lost.get() : Behaviors.same();
    }

    private Behavior<Command> onOverdue() {
        cluster.askStatus();
        return Behaviors.same();
    }

    private Behavior<Command> onLateResult(GotResult late) {
        context.getLog().debug("late answer to request {} ignored: {}", late.seq(), late.result());
        return Behaviors.same();
    }
}
