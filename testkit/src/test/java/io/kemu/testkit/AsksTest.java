package io.kemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AsksTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    private record Ping(String text, ActorRef<String> replyTo) {}

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void shouldReturnTheReply() {
        final ActorRef<Ping> echo = testKit.spawn(Behaviors.receiveMessage(ping -> {
            ping.replyTo().tell(ping.text());
            return Behaviors.same();
        }));
        assertThat(Asks.<Ping, String>ask(echo, replyTo -> new Ping("hello", replyTo), Duration.ofSeconds(5),
                testKit.scheduler())).isEqualTo("hello");
    }

    @Test
    void shouldSayWhoDidNotAnswerInTime() {
        final TestProbe<Ping> silent = testKit.createTestProbe("silent");
        assertThatThrownBy(() -> Asks.<Ping, String>ask(silent.ref(), replyTo -> new Ping("hello", replyTo),
                Duration.ofMillis(100), testKit.scheduler()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no answer from")
                .hasMessageContaining("silent");
    }

    @Test
    void shouldKeepTheInterruptFlag() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Asks.await(new java.util.concurrent.CompletableFuture<String>(),
                Duration.ofSeconds(5), "nobody"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("interrupted");
        assertThat(Thread.interrupted()).isTrue();
    }
}
