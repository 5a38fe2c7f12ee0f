package io.kemu.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's deterministic-simulation example ({@code com.example.stock.LastItemTest}, which runs
 * in this module's tests) is shown whole between the README's markers.
 */
class DeterministicExampleTest {
    static final String EXAMPLE = "it/src/test/java/com/example/stock/LastItemTest.java";

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    }

    @Test
    void theReadmeShowsExactlyTheWholeDeterministicExampleThatRuns() throws Exception {
        final Path root = Path.of("").toAbsolutePath().getParent();
        final List<String> readme = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8);
        final List<String> example = Files.readAllLines(root.resolve(EXAMPLE), StandardCharsets.UTF_8);
        final int from = readme.indexOf("<!-- deterministic-example:start -->");
        final int to = readme.indexOf("<!-- deterministic-example:end -->");
        assertThat(from).as("README start marker").isNotNegative();
        assertThat(to).as("README end marker").isGreaterThan(from);
        final List<String> shown = nonBlank(readme.subList(from + 1, to));
        assertThat(shown.get(0)).isEqualTo("```java");
        assertThat(shown.get(shown.size() - 1)).isEqualTo("```");
        assertThat(shown.subList(1, shown.size() - 1)).isEqualTo(nonBlank(example));
    }
}
