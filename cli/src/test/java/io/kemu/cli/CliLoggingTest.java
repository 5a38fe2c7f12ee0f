package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CLI's logging: quiet by default, one line per warning, never on top of the progress line. */
class CliLoggingTest {
    /** The shipped logback.xml, loaded into a fresh context (tests otherwise use logback-test.xml). */
    private static LoggerContext shippedConfiguration() throws Exception {
        final LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(CliLoggingTest.class.getResource("/logback.xml"));
        return context;
    }

    private static String captureStderr(Runnable action) {
        final PrintStream saved = System.err;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldLogWarningsButNotInfoByDefaultUnderKemusOwnNames() throws Exception {
        final LoggerContext context = shippedConfiguration();
        if (System.getenv("KEMU_LOG_LEVEL") == null) {
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        }
        assertThat(context.getLogger("akka.io.TcpListener").getLevel()).isEqualTo(Level.OFF);
        final String err = captureStderr(() -> {
            final Logger log = context.getLogger("io.kemu.actors.journal.JournalActor");
            log.info("journal j0: restarted");
            log.warn("journal j0: target lost", new java.io.IOException("Connection reset\nby peer"));
        });
        assertThat(err).doesNotContain("restarted");
        assertThat(err.split("\n", -1)).as(err).hasSize(2);
        assertThat(err).contains("WARN  i.k.a.j.JournalActor - journal j0: target lost "
                + "[java.io.IOException: Connection reset / by peer]").doesNotContain("\tat ");
        context.stop();
    }

    @Test
    void shouldNameAkkasGenericLoggersAfterTheKemuActorTheyLogFor() throws Exception {
        final LoggerContext context = shippedConfiguration();
        final String err = captureStderr(() -> {
            context.getMDCAdapter().put("akkaSource", "akka://kemu-simulate/user/mount-0");
            try {
                context.getLogger("akka.actor.ActorCell").warn("something went wrong");
            } finally {
                context.getMDCAdapter().remove("akkaSource");
            }
        });
        assertThat(err).contains("WARN  kemu:kemu-simulate/user/mount-0 - something went wrong")
                .doesNotContain("ActorCell");
        context.stop();
    }

    @Test
    void shouldPrintALogLineAboveTheProgressLineAndDrawItAgain() {
        final StringWriter progress = new StringWriter();
        final PrintWriter out = new PrintWriter(progress, true);
        final String err = captureStderr(() -> {
            CliLogging.showProgress(out, "12 ops");
            CliLogging.printAbove("a warning\n");
            CliLogging.clearProgress();
        });
        assertThat(err).isEqualTo("a warning\n");
        assertThat(progress.toString()).isEqualTo("\r12 ops" + "\r      \r" + "12 ops" + "\r      \r");
    }
}
