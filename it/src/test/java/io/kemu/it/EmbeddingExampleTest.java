package io.kemu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.example.orders.OrdersService;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.streams.Kemu;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding example ({@code com.example.orders.OrdersService}, shown whole between the
 * README's markers) runs in an existing ActorSystem, under the default and the lwkt thread models.
 * {@link EmbeddingExampleJdkTest} runs its {@code main} in a fresh JVM on Java 17 and 25.
 */
class EmbeddingExampleTest {
    /** Where the example lives, relative to the repository root. */
    static final String EXAMPLE = "it/src/test/java/com/example/orders/OrdersService.java";

    @TempDir
    Path dir;

    /** ASSOCIATE, three VOPs and DISASSOCIATE are well over 300 bytes. */
    private static void assertJournaled(Path journal, AtomicLong streamed) throws Exception {
        assertThat(Files.size(journal)).as("the file journal, complete once unmount answered").isGreaterThan(300);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (streamed.get() <= 300 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(streamed.get()).as("the stream consumer's journal (the hub may lag the unmount)").isGreaterThan(300);
    }

    private static void terminate(ActorSystem<?> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theReadmeExampleRunsInAnExistingActorSystemAndJournalsToAFileAndAStream() throws Exception {
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "orders-service");
        try {
            final Path journal = dir.resolve("orders.journal");
            assertJournaled(journal, OrdersService.run(system, journal));
        } finally {
            terminate(system);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theExampleRunsUnderTheLwktThreadModelToo() throws Exception {
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "orders-lwkt",
                ThreadModel.LWKT.config(4).withFallback(ConfigFactory.load()));
        try {
            assertThat(Kemu.get(system).threadModel()).isEqualTo(ThreadModel.LWKT);
            final Path journal = dir.resolve("orders.journal");
            assertJournaled(journal, OrdersService.run(system, journal));
        } finally {
            terminate(system);
        }
    }

    @Test
    void aThreadModelWithoutItsDispatchersIsAClearError() throws Exception {
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "orders-misconfigured",
                ConfigFactory.parseString("kemu.thread-model = lwkt").withFallback(ConfigFactory.load()));
        try {
            assertThatThrownBy(() -> Kemu.get(system))
                    .hasStackTraceContaining("kemu.thread-model = lwkt but kemu.dispatchers.cpu-0 is not configured")
                    .hasStackTraceContaining("ThreadModel.LWKT.config(cpus)");
        } finally {
            terminate(system);
        }
    }

    /** Lines between two markers, trimmed, blank lines dropped. */
    private static List<String> between(List<String> lines, String start, String end) {
        final int from = lines.indexOf(lines.stream().filter(l -> l.contains(start)).findFirst().orElseThrow());
        final int to = lines.indexOf(lines.stream().filter(l -> l.contains(end)).findFirst().orElseThrow());
        return nonBlank(lines.subList(from + 1, to));
    }

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    }

    @Test
    void theReadmeShowsExactlyTheWholeExampleThatRuns() throws Exception {
        final Path root = Path.of("").toAbsolutePath().getParent();
        final List<String> readme = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8);
        final List<String> example = Files.readAllLines(root.resolve(EXAMPLE), StandardCharsets.UTF_8);
        final List<String> shown = between(readme, "<!-- embedding-example:start -->", "<!-- embedding-example:end -->");
        assertThat(shown.subList(1, shown.size() - 1)).as("README snippet (without the fences)")
                .isEqualTo(nonBlank(example));
        assertThat(Arrays.asList(shown.get(0), shown.get(shown.size() - 1))).containsExactly("```java", "```");
    }
}
