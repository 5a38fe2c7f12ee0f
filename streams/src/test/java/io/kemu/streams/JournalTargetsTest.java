package io.kemu.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JournalTargets#open}: what it opens, and that it never harms a user's file. */
class JournalTargetsTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private void open(io.kemu.actors.journal.JournalTarget target) throws Exception {
        JournalTargets.open(target, testKit.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldOpenAnExistingFileWithoutTruncatingIt() throws Exception {
        final Path file = dir.resolve("kept.journal");
        Files.writeString(file, "a user's bytes", StandardCharsets.UTF_8);
        open(JournalTargets.file(file));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("a user's bytes");
    }

    @Test
    void shouldCreateAMissingFileInAnExistingDirectory() throws Exception {
        final Path file = dir.resolve("new.journal");
        open(JournalTargets.file(file));
        assertThat(file).exists().isEmptyFile();
    }

    @Test
    void shouldHaveNothingToOpenForSinksAndResolvedAddresses() throws Exception {
        open(JournalTargets.discard());
        open(JournalTargets.tcp(new java.net.InetSocketAddress("127.0.0.1", 9)));
        open(JournalTargets.tcp("127.0.0.1", 9));
    }

    @Test
    void shouldNameTheMissingDirectory() {
        final Path file = dir.resolve("gone").resolve("x.journal");
        final Throwable thrown = catchThrowable(() -> open(JournalTargets.file(file)));
        assertThat(thrown).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(JournalTargets.TargetOpenException.class)
                .hasMessage("cannot open journal file " + file + ": directory " + file.getParent() + " does not exist");
    }
}
