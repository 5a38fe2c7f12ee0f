package io.kemu.actors.dispatch.deterministic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DeterministicRuntimeTest {

    /** An actor that never answers, asked with a timeout of an hour: the run ends at once, an hour later in virtual time. */
    @Test
    void shouldFireAnAskTimeoutOnVirtualTimeWithoutWaiting() {
        final long wallStart = System.nanoTime();
        final DeterministicRun.Outcome<String> outcome = DeterministicRun.run(3, 1, ConfigFactory.load(), null,
                Duration.ofDays(1), (config, done) -> ActorSystem.create(Behaviors.<Void>setup(context -> {
                    final ActorRef<String> silent = context.spawn(Behaviors.<String>ignore(), "silent");
                    final CompletionStage<String> answer = AskPattern.ask(silent, replyTo -> "hello",
                            Duration.ofHours(1), context.getSystem().scheduler());
                    answer.whenCompleteAsync((reply, failure) -> done.accept(
                            failure instanceof TimeoutException ? "timed out" : "answered " + reply),
                            context.getExecutionContext());
                    return Behaviors.empty();
                }), "ask", config));

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.result()).isEqualTo("timed out");
        assertThat(outcome.virtualNanos()).isGreaterThanOrEqualTo(Duration.ofHours(1).toNanos());
        assertThat(System.nanoTime() - wallStart).isLessThan(Duration.ofMinutes(5).toNanos());
    }

    /**
     * Akka's ask hands back a CompletionStage whose plain callbacks run on the JDK's common pool: a
     * result produced there is not deterministic, and the run says so instead of passing.
     */
    @Test
    void shouldReportAResultProducedOnAnotherThread() {
        final DeterministicRun.Outcome<String> outcome = DeterministicRun.run(3, 1, ConfigFactory.load(), null,
                Duration.ofDays(1), (config, done) -> ActorSystem.create(Behaviors.<Void>setup(context -> {
                    final ActorRef<String> silent = context.spawn(Behaviors.<String>ignore(), "silent");
                    AskPattern.ask(silent, replyTo -> "hello", Duration.ofSeconds(1), context.getSystem().scheduler())
                            .whenComplete((reply, failure) -> done.accept("elsewhere"));
                    return Behaviors.empty();
                }), "foreign", config));

        assertThat(outcome.failure()).as("a run whose result was produced off the driver must not pass").isNotNull();
    }

    @Test
    void shouldRefuseAnActorSystemWithoutARun() {
        assertThatThrownBy(() -> DeterministicRuntime.of(ConfigFactory.empty()))
                .hasMessageContaining("needs a driver");
    }

    @Test
    void shouldParseSeedRanges() {
        assertThat(SeedRange.parse("1..20")).isEqualTo(new SeedRange(1, 20));
        assertThat(SeedRange.parse(" 7 ").count()).isEqualTo(1);
        assertThatThrownBy(() -> SeedRange.parse("9..1")).hasMessageContaining("FIRST <= LAST");
        assertThatThrownBy(() -> SeedRange.parse("a..b")).hasMessageContaining("FIRST..LAST");
        assertThatThrownBy(() -> SeedRange.parse("0..99999999")).hasMessageContaining("at most");
    }
}
