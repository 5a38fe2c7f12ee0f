package io.kemu.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's examples under "Your own tests" ({@code com.example.stock.LastItemTest} and
 * {@code com.example.journal.JournalConsumerTest}, which run in this module's tests) are each shown
 * whole between their README markers.
 */
class DeterministicExampleTest {
    static final String EXAMPLE = "it/src/test/java/com/example/stock/LastItemTest.java";
    static final String JOURNAL_EXAMPLE = "it/src/test/java/com/example/journal/JournalConsumerTest.java";

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    }

    /** The README's lines between {@code <!-- marker:start -->} and {@code <!-- marker:end -->} equal {@code example}'s. */
    private static void assertReadmeShows(String marker, String example) throws IOException {
        final Path root = Path.of("").toAbsolutePath().getParent();
        final List<String> readme = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8);
        final List<String> source = Files.readAllLines(root.resolve(example), StandardCharsets.UTF_8);
        final int from = readme.indexOf("<!-- " + marker + ":start -->");
        final int to = readme.indexOf("<!-- " + marker + ":end -->");
        assertThat(from).as("README start marker of " + marker).isNotNegative();
        assertThat(to).as("README end marker of " + marker).isGreaterThan(from);
        final List<String> shown = nonBlank(readme.subList(from + 1, to));
        assertThat(shown.get(0)).isEqualTo("```java");
        assertThat(shown.get(shown.size() - 1)).isEqualTo("```");
        assertThat(shown.subList(1, shown.size() - 1)).isEqualTo(nonBlank(source));
    }

    @Test
    void theReadmeShowsExactlyTheWholeDeterministicExampleThatRuns() throws Exception {
        assertReadmeShows("deterministic-example", EXAMPLE);
    }

    @Test
    void theReadmeShowsExactlyTheWholeJournalConsumerExampleThatRuns() throws Exception {
        assertReadmeShows("journal-consumer-example", JOURNAL_EXAMPLE);
    }
}
