package io.kemu.actors.logging;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Akka 2.6 brings slf4j-api 1.7; unless 2.0 is pinned, SLF4J binds to nothing and every log line
 * silently disappears. This checks that SLF4J is bound to logback and that an actor's log line
 * really arrives in a logback appender.
 */
class LoggingBindingTest {
    @Test
    void anActorsLogLineReachesLogback() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
        final Logger logger = (Logger) LoggerFactory.getLogger("io.kemu.logging-check");
        final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        final ActorTestKit kit = ActorTestKit.create();
        try {
            final TestProbe<String> done = kit.createTestProbe();
            final ActorRef<String> actor = kit.spawn(Behaviors.<String>setup(ctx -> {
                ctx.setLoggerName("io.kemu.logging-check");
                return Behaviors.receiveMessage(text -> {
                    ctx.getLog().info("journal {} says {}", "j0", text);
                    done.ref().tell(text);
                    return Behaviors.same();
                });
            }));
            actor.tell("hello");
            done.expectMessage(Duration.ofSeconds(5), "hello");
        } finally {
            kit.shutdownTestKit();
            logger.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).contains("journal j0 says hello");
    }
}
