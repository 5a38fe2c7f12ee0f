package io.kemu.cli;

import io.kemu.journal.conformance.VectorOutcome;
import java.util.List;

/**
 * Prints conformance outcomes the way every {@code kemu conformance} command does: one line per
 * failing vector, then the plain closing line {@code N passed, M failed}.
 */
final class ConformanceReport {
    private ConformanceReport() {
    }

    /** @return the exit status: 0 only when nothing failed */
    static int print(List<VectorOutcome> outcomes) {
        int passed = 0;
        int failed = 0;
        for (VectorOutcome outcome : outcomes) {
            if (outcome.passed()) {
                passed++;
            } else {
                failed++;
                System.out.println(outcome.failureLine());
            }
        }
        System.out.println(passed + " passed, " + failed + " failed");
        return failed == 0 && passed > 0 ? 0 : 1;
    }
}
