package io.kemu.testkit.deterministic;

import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit 5 extension giving each test a {@link KemuSeed} parameter: the value of the system
 * property {@code kemu.seed} when set (to replay a failure), a fresh random seed otherwise. When the
 * test fails, the seed is printed on stderr and attached to the failure as a suppressed exception
 * naming the command-line switch that replays it; the failure itself is rethrown unchanged.
 *
 * <p>Invariant: a test method sees one seed per invocation, the same for every {@code KemuSeed}
 * parameter it declares.
 */
public final class KemuSeedExtension implements ParameterResolver, TestExecutionExceptionHandler {
    /** The system property that fixes the seed ({@code mvn -Dkemu.seed=42 ...}). */
    public static final String SEED_PROPERTY = "kemu.seed";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KemuSeedExtension.class);
    private static final SplittableRandom FRESH = new SplittableRandom();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KemuSeed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("seed", key -> chooseSeed(), KemuSeed.class);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        final KemuSeed seed = context.getStore(NAMESPACE).get("seed", KemuSeed.class);
        if (seed != null) {
            final String replay = context.getDisplayName() + " failed with " + seed + "; replay it with -D" + SEED_PROPERTY
                    + "=" + seed.value();
            System.err.println(replay);
            failure.addSuppressed(new SeedReport(replay));
        }
        throw failure;
    }

    private static KemuSeed chooseSeed() {
        final String given = System.getProperty(SEED_PROPERTY);
        if (given == null || given.isBlank()) {
            synchronized (FRESH) {
                return new KemuSeed(FRESH.nextLong());
            }
        }
        try {
            return new KemuSeed(Long.parseLong(given.trim()));
        } catch (NumberFormatException e) {
            throw new ParameterResolutionException("-D" + SEED_PROPERTY + "=" + given + " is not a number (a long)");
        }
    }

    /** The seed of a failed test, attached to its failure. */
    static final class SeedReport extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SeedReport(String message) {
            super(message, null, false, false);
        }
    }
}
