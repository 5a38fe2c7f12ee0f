package io.kemu.it;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EmbeddingExampleTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theReadmeExampleRunsInAnExistingActorSystemAndStreamsTheJournal() throws Exception {
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "orders-service");
        try {
            final long bytes = EmbeddingExample.run(system);
            assertThat(bytes).as("ASSOCIATE, three VOPs and DISASSOCIATE reached the consumer").isGreaterThan(300);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theExampleRunsUnderTheLwktThreadModelToo() throws Exception {
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "orders-lwkt",
                io.kemu.actors.dispatch.ThreadModel.LWKT.config(4).withFallback(com.typesafe.config.ConfigFactory.load()));
        try {
            assertThat(io.kemu.streams.Kemu.get(system).threadModel()).isEqualTo(io.kemu.actors.dispatch.ThreadModel.LWKT);
            assertThat(EmbeddingExample.run(system)).isGreaterThan(300);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aThreadModelWithoutItsDispatchersIsAClearError() throws Exception {
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "orders-misconfigured",
                com.typesafe.config.ConfigFactory.parseString("kemu.thread-model = lwkt")
                        .withFallback(com.typesafe.config.ConfigFactory.load()));
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.kemu.streams.Kemu.get(system))
                    .hasStackTraceContaining("kemu.thread-model = lwkt but kemu.dispatchers.cpu-0 is not configured")
                    .hasStackTraceContaining("ThreadModel.LWKT.config(cpus)");
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Lines between two markers, trimmed, blank lines dropped. */
    private static List<String> between(List<String> lines, String start, String end) {
        final int from = lines.indexOf(lines.stream().filter(l -> l.contains(start)).findFirst().orElseThrow());
        final int to = lines.indexOf(lines.stream().filter(l -> l.contains(end)).findFirst().orElseThrow());
        return lines.subList(from + 1, to).stream().map(String::trim).filter(l -> !l.isEmpty())
                .collect(Collectors.toList());
    }

    @Test
    void theReadmeShowsExactlyTheExampleThatRuns() throws Exception {
        final Path root = Path.of("").toAbsolutePath().getParent();
        final List<String> readme = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8);
        final List<String> example = Files.readAllLines(
                root.resolve("it/src/test/java/io/kemu/it/EmbeddingExample.java"), StandardCharsets.UTF_8);
        final List<String> shown = between(readme, "<!-- embedding-example:start -->", "<!-- embedding-example:end -->");
        final List<String> code = between(example, "// README:start", "// README:end");
        assertThat(shown.subList(1, shown.size() - 1)).as("README snippet (without the fences)").isEqualTo(code);
        assertThat(Arrays.asList(shown.get(0), shown.get(shown.size() - 1))).containsExactly("```java", "```");
    }
}
