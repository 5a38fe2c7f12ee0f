package io.kemu.testkit.deterministic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The extension, run on a planted failing test through the JUnit launcher. */
class KemuSeedExtensionTest {
    static final List<Long> SEEN = new ArrayList<>();

    /** Not run by surefire (a nested class); launched by the tests below. */
    @ExtendWith(KemuSeedExtension.class)
    static class PlantedFailure {
        @Test
        void fails(KemuSeed seed, KemuSeed same) {
            SEEN.add(seed.value());
            assertThat(same).isEqualTo(seed);
            throw new AssertionError("planted failure");
        }
    }

    private static Throwable launchPlantedFailure() {
        final SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(PlantedFailure.class)).build(), listener);
        final List<TestExecutionSummary.Failure> failures = listener.getSummary().getFailures();
        assertThat(failures).hasSize(1);
        return failures.get(0).getException();
    }

    @Test
    void shouldTakeTheSeedFromThePropertyAndNameItInTheFailure() {
        SEEN.clear();
        System.setProperty(KemuSeedExtension.SEED_PROPERTY, "42");
        final Throwable failure;
        try {
            failure = launchPlantedFailure();
        } finally {
            System.clearProperty(KemuSeedExtension.SEED_PROPERTY);
        }

        assertThat(SEEN).containsExactly(42L);
        assertThat(failure).hasMessage("planted failure");
        assertThat(Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage))
                .anyMatch(m -> m.contains("kemu.seed=42") && m.contains("-Dkemu.seed=42"));
    }

    @Test
    void shouldPickAFreshSeedForEachRunWithoutTheProperty() {
        SEEN.clear();
        final Throwable first = launchPlantedFailure();
        launchPlantedFailure();

        assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
        assertThat(first.getSuppressed()[0].getMessage()).contains("-Dkemu.seed=" + SEEN.get(0));
    }
}
