package io.kemu.hammer2.conformance;

import io.kemu.conformance.ConformanceSummary;
import io.kemu.conformance.VectorOutcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClusterVectorsTest {

    @Test
    void shouldReplayEveryClusterVectorExactly() throws Exception {
        Path dir = Path.of(getClass().getResource("/vectors/cluster").toURI());

        ConformanceSummary report = ClusterVectorRunner.runFolder(dir);

        assertThat(report.outcomes()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(report.outcomes())
                .filteredOn(r -> !r.passed())
                .extracting(VectorOutcome::failureLine)
                .isEmpty();
        assertThat(report.summary()).isEqualTo(report.outcomes().size() + " passed, 0 failed");
    }
}
