package io.kemu.cli;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * {@code %exDebug} in logback.xml: a logged exception's stack trace with {@code --debug}; without
 * it, only {@code  [Class: message]} at the end of the line, so a warning stays one line.
 */
public final class DebugThrowableConverter extends ThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        final IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return "";
        }
        if (CliLogging.debug()) {
            return System.lineSeparator() + super.convert(event).stripTrailing();
        }
        return " " + KemuCommand.oneLine("[" + thrown.getClassName() + ": " + thrown.getMessage() + "]");
    }
}
