package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.TimerScheduler;
import io.kemu.actors.cluster.SimulationProtocol.Command;
import io.kemu.actors.cluster.SimulationProtocol.GotResult;
import io.kemu.actors.cluster.SimulationProtocol.GotStatus;
import io.kemu.actors.cluster.SimulationProtocol.Overdue;
import java.time.Duration;
import java.util.function.Function;

/**
 * How a {@link ClusterSimulation} talks to its coordinator. In-process ({@code overdue} null) a
 * request is told, its answer comes through one adapter, and nothing is ever lost. When the
 * coordinator is a Cluster Singleton that may die, every request is an ask of its own, numbered,
 * so an answer to an earlier request is never taken for the current one; an {@link Overdue} timer
 * polls the status while an answer is missing, and every status tells which coordinator
 * incarnation answers (a change is a move). Plain, single-threaded: only the simulation calls it.
 */
final class CoordinatorLink {
    /** The longest an asked request is waited for at all (the coordinator is then stuck, not moved). */
    private static final Duration ASK_LIMIT = Duration.ofMinutes(30);

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final ActorRef<CoordinatorProtocol.Command> cluster;
    private final Duration overdue;
    private final ActorRef<ClusterStatus> statusAdapter;
    private final ActorRef<ClusterResult> resultAdapter;
    private long seq;
    private String incarnation;
    private int moves;

    CoordinatorLink(ActorContext<Command> context, TimerScheduler<Command> timers,
                    ActorRef<CoordinatorProtocol.Command> cluster, Duration overdue) {
        this.context = context;
        this.timers = timers;
        this.cluster = cluster;
        this.overdue = overdue;
        this.statusAdapter = context.messageAdapter(ClusterStatus.class, GotStatus::new);
        this.resultAdapter = context.messageAdapter(ClusterResult.class, result -> new GotResult(-1, result));
    }

    /** Sends a request: told in-process (returns -1), else asked with a sequence number of its own. */
    long send(Function<ActorRef<ClusterResult>, CoordinatorProtocol.Command> request) {
        startOverdueTimer();
        if (overdue == null) {
            cluster.tell(request.apply(resultAdapter));
            return -1;
        }
        final long id = ++seq;
        context.ask(ClusterResult.class, cluster, ASK_LIMIT, request::apply,
                (result, failure) -> new GotResult(id, result));
        return id;
    }

    /** Asks for the status now. */
    void askStatus() {
        startOverdueTimer();
        cluster.tell(new CoordinatorProtocol.GetStatus(statusAdapter));
    }

    /** Asks for the status after {@code delay}. */
    void askStatusAfter(Duration delay) {
        context.scheduleOnce(delay, cluster, new CoordinatorProtocol.GetStatus(statusAdapter));
    }

    /** Fault commands (and a coordinator kill, for the driver of a process cluster). */
    void tell(CoordinatorProtocol.Command command) {
        cluster.tell(command);
    }

    private void startOverdueTimer() {
        if (overdue != null) {
            timers.startTimerWithFixedDelay(Overdue.INSTANCE, overdue);
        }
    }

    /** Notes which coordinator incarnation answered; a new one after a first is a move. */
    ClusterStatus noted(ClusterStatus status) {
        if (incarnation != null && !incarnation.equals(status.coordinator())) {
            moves++;
            context.getLog().info("the coordinator moved: {} answers now", status.coordinator());
        }
        incarnation = status.coordinator();
        return status;
    }

    /** The coordinator incarnation that answered last (null before the first status). */
    String incarnation() {
        return incarnation;
    }

    int moves() {
        return moves;
    }
}
