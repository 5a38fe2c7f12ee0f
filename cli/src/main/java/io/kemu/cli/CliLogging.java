package io.kemu.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;

/**
 * Logging that fits a command line (see logback.xml and the README's "Logging"): warnings and
 * errors only by default, on stderr; {@code --verbose} lowers the root level to INFO unless
 * {@code KEMU_LOG_LEVEL} already chose a level; exceptions in log lines show their stack trace only
 * with {@code --debug}. A log line never lands on top of the live progress line: the progress line
 * is registered here, and {@link ConsoleLogAppender} clears it before a log line and redraws it
 * after.
 */
public final class CliLogging {
    private static final Object LOCK = new Object();
    private static volatile boolean debug;
    /** The progress line on screen and where it went; null when none is shown. */
    private static String progress;
    private static PrintWriter progressOut;

    private CliLogging() {
    }

    /** Applies {@code --verbose} and {@code --debug} for this run. */
    static void configure(boolean verbose, boolean withStackTraces) {
        debug = withStackTraces;
        // Initialise SLF4J here, on one thread, before any actor system logs from several.
        final org.slf4j.Logger rootLogger = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (verbose && System.getenv("KEMU_LOG_LEVEL") == null && rootLogger instanceof Logger root
                && !root.isInfoEnabled()) {
            root.setLevel(Level.INFO);
        }
    }

    /** Whether log lines carry their exceptions' stack traces ({@code --debug}). */
    public static boolean debug() {
        return debug;
    }

    /** Draws {@code line} as the live progress line ({@code \r}-rewritten) on {@code out}. */
    static void showProgress(PrintWriter out, String line) {
        synchronized (LOCK) {
            progress = line;
            progressOut = out;
            out.print("\r" + line);
            out.flush();
        }
    }

    /** Erases the progress line, if one is shown; what follows starts at the left margin. */
    static void clearProgress() {
        synchronized (LOCK) {
            erase();
            progress = null;
            progressOut = null;
        }
    }

    /** Prints a log line above the progress line: erase it, print, draw it again. */
    static void printAbove(String text) {
        synchronized (LOCK) {
            erase();
            System.err.print(text);
            System.err.flush();
            if (progress != null) {
                progressOut.print(progress);
                progressOut.flush();
            }
        }
    }

    private static void erase() {
        if (progress != null) {
            progressOut.print("\r" + " ".repeat(progress.length()) + "\r");
            progressOut.flush();
        }
    }
}
