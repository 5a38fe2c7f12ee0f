package io.kemu.actors.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import io.kemu.actors.dispatch.ActorClock;
import io.kemu.hammer2.replica.Mutation;
import akka.actor.typed.Props;
import io.kemu.hammer2.cluster.Pfs;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import java.util.List;
import java.util.Random;

/**
 * Drives a seeded simulation against a {@link ClusterCoordinator}: before each operation the
 * {@link FaultPlan} may inject or end faults; the operation (read, create, modify or delete of a
 * random key) is sent and its answer checked against the {@link SimulationLedger}. After the last
 * operation every fault is healed, the simulation waits until every node is up and synchronised,
 * reads every key back and replies with a {@link SimulationReport}. One operation at a time.
 */
public final class ClusterSimulation {

    public sealed interface Command extends NoSerializationVerificationNeeded {}

    private record GotStatus(ClusterStatus status) implements Command {}

    private record GotResult(ClusterResult result) implements Command {}

    private enum Poll implements Command { INSTANCE }

    private static final Duration POLL = Duration.ofMillis(20);
    /** How long the final heal may take before the check runs anyway (and reports what it finds). */
    private static final Duration HEAL_DEADLINE = Duration.ofSeconds(30);

    private final ActorContext<Command> context;
    private final SimulationSpec spec;
    private final ActorRef<ClusterCoordinator.Command> cluster;
    private final ActorRef<SimulationReport> replyTo;
    private final Random ops;
    private final FaultPlan faults;
    private final SimulationLedger ledger = new SimulationLedger();
    private final ActorRef<ClusterStatus> statusAdapter;
    private final ActorRef<ClusterResult> resultAdapter;
    /** Wall time, or virtual time under the deterministic thread model. */
    private final ActorClock clock;
    private final long started;
    /** Operation latency, request to answer, in nanoseconds. */
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    private int reads;
    private int found;
    private int notFound;
    private int readsRefused;
    private int writes;
    private int acknowledged;
    private int rejected;
    private int writesRefused;
    private int failed;
    private int unreadable;

    private ClusterSimulation(ActorContext<Command> context, SimulationSpec spec, ClusterSettings settings,
                              ActorRef<ClusterCoordinator.Command> cluster, ActorRef<SimulationReport> replyTo) {
        this.context = context;
        this.spec = spec;
        this.cluster = cluster;
        this.replyTo = replyTo;
        this.ops = new Random(spec.seed());
        this.faults = new FaultPlan(spec, new Random(~spec.seed()), settings.gatherTimeout().multipliedBy(2));
        this.statusAdapter = context.messageAdapter(ClusterStatus.class, GotStatus::new);
        this.resultAdapter = context.messageAdapter(ClusterResult.class, GotResult::new);
        this.clock = ActorClock.get(context.getSystem());
        this.started = clock.nanoTime();
    }

    /**
     * A guardian running one whole simulation: a {@link ClusterCoordinator} for {@code spec}'s PFS
     * (node i's actor spawned with {@code nodeProps.apply(i)}), the driver (with {@code driverProps}),
     * and {@code onReport} called once with the report.
     */
    public static Behavior<Void> guardian(SimulationSpec spec, ClusterSettings settings, IntFunction<Props> nodeProps,
                                          Props driverProps, Consumer<SimulationReport> onReport) {
        return Behaviors.setup(context -> {
            Pfs pfs = Pfs.mastersThenSlaves(spec.masters(), spec.nodes() - spec.masters());
            ActorRef<ClusterCoordinator.Command> cluster =
                    context.spawn(ClusterCoordinator.create(pfs, settings, nodeProps), "cluster", driverProps);
            ActorRef<SimulationReport> sink = context.spawn(Behaviors.receive(SimulationReport.class)
                    .onMessage(SimulationReport.class, report -> {
                        onReport.accept(report);
                        return Behaviors.stopped();
                    })
                    .build(), "report");
            context.spawn(create(spec, settings, cluster, sink), "simulation", driverProps);
            return Behaviors.empty();
        });
    }

    public static Behavior<Command> create(SimulationSpec spec, ClusterSettings settings,
                                           ActorRef<ClusterCoordinator.Command> cluster, ActorRef<SimulationReport> replyTo) {
        return Behaviors.setup(context -> {
            context.setLoggerName(ClusterSimulation.class);
            return new ClusterSimulation(context, spec, settings, cluster, replyTo).step(0);
        });
    }

    /** Operation {@code i}: fetch node states, inject faults, send the operation, check its answer. */
    private Behavior<Command> step(int i) {
        if (i == spec.ops()) {
            return healing();
        }
        cluster.tell(new ClusterCoordinator.GetStatus(statusAdapter));
        return Behaviors.receive(Command.class)
                .onMessage(GotStatus.class, m -> onStatusBeforeStep(m, i))
                .build();
    }

    /** Injects or ends faults as the plan says for step {@code i}, then runs the step's operation. */
    /**
     * Before step {@code i}: the faults due now go out; when a scheduled kill is due but cannot happen
     * yet (a node is still down), the step waits and asks again, so every kill happens, one at a time.
     */
    private Behavior<Command> onStatusBeforeStep(GotStatus got, int i) {
        final List<ClusterCoordinator.Command> commands = faults.before(i, got.status());
        commands.forEach(cluster::tell);
        if (commands.isEmpty() && faults.holdsForKill(i, got.status())) {
            context.scheduleOnce(POLL, cluster, new ClusterCoordinator.GetStatus(statusAdapter));
            return Behaviors.same();
        }
        return operate(i);
    }

    private Behavior<Command> operate(int i) {
        long key = ops.nextInt(spec.keys());
        int kind = ops.nextInt(10);
        byte[] data = new byte[ops.nextBoolean() ? Mutation.MIN_BYTES : 2 * Mutation.MIN_BYTES];
        ops.nextBytes(data);
        Mutation mutation = kind < 4 ? null : kind < 6 ? new Mutation.Create(key, data)
                : kind < 9 ? new Mutation.Modify(key, data) : new Mutation.Delete(key);
        final long sent = clock.nanoTime();
        cluster.tell(mutation == null ? new ClusterCoordinator.Read(key, resultAdapter)
                : new ClusterCoordinator.Write(mutation, resultAdapter));
        return Behaviors.receive(Command.class)
                .onMessage(GotResult.class, m -> onResult(m, i, key, mutation, sent))
                .build();
    }

    private Behavior<Command> onResult(GotResult got, int i, long key, Mutation mutation, long sent) {
        latency.recordValue(Math.min(clock.nanoTime() - sent, latency.getHighestTrackableValue()));
        record(key, mutation, got.result());
        return step(i + 1);
    }

    private void record(long key, Mutation mutation, ClusterResult result) {
        if (mutation == null) {
            reads++;
            ledger.checkRead(key, result);
            found += result instanceof ClusterResult.Found ? 1 : 0;
            notFound += result instanceof ClusterResult.NotFound ? 1 : 0;
            readsRefused += result instanceof ClusterResult.Refused ? 1 : 0;
            return;
        }
        writes++;
        if (result instanceof ClusterResult.Acknowledged ack) {
            acknowledged++;
            ledger.acknowledged(mutation, ack.tid());
        } else if (result instanceof ClusterResult.Rejected rejection) {
            rejected++;
            ledger.checkRejection(mutation, rejection);
        } else if (result instanceof ClusterResult.Failed failure) {
            failed++;
            ledger.failed(mutation, failure.tid());
        } else {
            writesRefused++;
        }
    }

    /**
     * Ends every fault and waits until every node is up and synchronised - or, past
     * {@link #HEAL_DEADLINE}, checks anyway (a cluster that cannot heal fails the check).
     */
    private Behavior<Command> healing() {
        cluster.tell(new ClusterCoordinator.GetStatus(statusAdapter));
        long deadline = clock.nanoTime() + HEAL_DEADLINE.toNanos();
        return Behaviors.withTimers(timers -> Behaviors.receive(Command.class)
                .onMessage(GotStatus.class, m -> onStatusWhileHealing(m, deadline, timers))
                .onMessageEquals(Poll.INSTANCE, this::onPoll)
                .build());
    }

    /** Heals what is still faulty; verifies once all is up and synchronised, or the deadline passed. */
    private Behavior<Command> onStatusWhileHealing(GotStatus got, long deadline, TimerScheduler<Command> timers) {
        List<ClusterCoordinator.Command> heals = faults.healAll(got.status());
        heals.forEach(cluster::tell);
        if (got.status().allUp() && heals.isEmpty() && !faults.anyActive()) {
            return verify(0);
        }
        if (clock.nanoTime() > deadline) {
            context.getLog().warn("cluster not healed after {}: {}", HEAL_DEADLINE, got.status().nodes());
            return verify(0);
        }
        timers.startSingleTimer(Poll.INSTANCE, POLL);
        return Behaviors.same();
    }

    private Behavior<Command> onPoll() {
        cluster.tell(new ClusterCoordinator.GetStatus(statusAdapter));
        return Behaviors.same();
    }

    /** Reads key {@code key} back and checks it, then the next; finally reports. */
    private Behavior<Command> verify(long key) {
        if (key == spec.keys()) {
            cluster.tell(new ClusterCoordinator.GetStatus(statusAdapter));
            return Behaviors.receive(Command.class)
                    .onMessage(GotStatus.class, m -> report(m.status().resyncs()))
                    .build();
        }
        cluster.tell(new ClusterCoordinator.Read(key, resultAdapter));
        return Behaviors.receive(Command.class)
                .onMessage(GotResult.class, m -> onReadBack(m, key))
                .build();
    }

    private Behavior<Command> onReadBack(GotResult got, long key) {
        ledger.checkRead(key, got.result());
        if (got.result() instanceof ClusterResult.Refused) {
            unreadable++;
        }
        return verify(key + 1);
    }

    private Behavior<Command> report(long resyncs) {
        long elapsed = (clock.nanoTime() - started) / 1_000_000;
        replyTo.tell(new SimulationReport(spec, reads, found, notFound, readsRefused, writes, acknowledged, rejected,
                writesRefused, failed, ledger.surfacedFailedWrites(), faults.crashes(), faults.slowSpells(),
                faults.partitions(), resyncs,
                spec.keys() - unreadable, unreadable, ledger.inconsistencies(), elapsed,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99)));
        return Behaviors.stopped();
    }
}
