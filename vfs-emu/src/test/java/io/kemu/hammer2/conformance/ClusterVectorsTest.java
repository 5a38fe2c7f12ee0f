package io.kemu.hammer2.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClusterVectorsTest {

    @Test
    void shouldReplayEveryClusterVectorExactly() throws Exception {
        Path dir = Path.of(getClass().getResource("/vectors/cluster").toURI());

        ClusterVectorRunner.Report report = ClusterVectorRunner.runFolder(dir);

        assertThat(report.results()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(report.results())
                .filteredOn(r -> !r.passed())
                .extracting(ClusterVectorRunner.VectorResult::describe)
                .isEmpty();
        assertThat(report.summary()).isEqualTo(report.results().size() + " passed, 0 failed");
    }
}
