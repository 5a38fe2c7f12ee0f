package io.kemu.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;

/**
 * kemu's console appender (logback.xml): writes each encoded log line to stderr through
 * {@link CliLogging#printAbove}, so that a log line never lands on top of the progress line.
 */
public final class ConsoleLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> encoder;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder set for the appender named " + name);
            return;
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        CliLogging.printAbove(new String(encoder.encode(event), StandardCharsets.UTF_8));
    }
}
