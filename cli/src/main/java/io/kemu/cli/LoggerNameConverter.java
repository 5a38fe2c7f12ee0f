package io.kemu.cli;

import ch.qos.logback.classic.pattern.LoggerConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %kemuLogger} in logback.xml: who logged a line, in kemu's terms. kemu's own loggers
 * ({@code io.kemu...}) print abbreviated as usual. Akka's generic machinery (an actor failing under
 * supervision, a dead letter: {@code akka.actor.ActorCell}, {@code akka.actor.SupervisorStrategy}
 * ...) logs on behalf of one of kemu's actors; the line is then named after that actor, from the
 * {@code akkaSource} Akka puts into the MDC, as {@code kemu:<system>/<path>} (for example
 * {@code kemu:kemu-simulate/user/mount-0}), so every warning names the part of kemu it concerns.
 */
public final class LoggerNameConverter extends LoggerConverter {
    private static final String AKKA_URL = "akka://";

    @Override
    public String convert(ILoggingEvent event) {
        final String source = event.getMDCPropertyMap().get("akkaSource");
        if (event.getLoggerName().startsWith("akka.") && source != null && source.startsWith(AKKA_URL + "kemu")) {
            return "kemu:" + source.substring(AKKA_URL.length());
        }
        return super.convert(event);
    }
}
