package io.kemu.testkit;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.Scheduler;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import akka.japi.function.Function;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking asks for driver threads (a command's main thread, a benchmark thread, a test): send a
 * request, wait for its reply. Never call these inside an actor: an actor must not block.
 *
 * <p>Every failure to get an answer in time, or an interrupt, becomes an {@link IllegalStateException}
 * saying whom the driver was waiting for; an interrupt keeps the thread's interrupt flag set.
 */
public final class Asks {
    private Asks() {
    }

    /** Waits at most {@code timeout} for {@code stage}; {@code from} names who should have answered. */
    public static <R> R await(CompletionStage<R> stage, Duration timeout, String from) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + from, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer from " + from + ": " + e.getMessage(), e);
        }
    }

    /** Asks {@code target} with the request {@code message} builds and waits at most {@code timeout} for the reply. */
    public static <Q, R> R ask(ActorRef<Q> target, Function<ActorRef<R>, Q> message, Duration timeout,
            Scheduler scheduler) {
        return await(AskPattern.ask(target, message, timeout, scheduler), timeout, target.path().toString());
    }

    /** Spawns {@code behavior} as {@code name} under a {@link SpawnProtocol} guardian and waits for its ref. */
    public static <T> ActorRef<T> spawn(ActorSystem<SpawnProtocol.Command> system, Behavior<T> behavior, String name,
            Props props, Duration timeout) {
        return ask(system, replyTo -> new SpawnProtocol.Spawn<>(behavior, name, props, replyTo), timeout,
                system.scheduler());
    }
}
