package io.kemu.cli;

import io.kemu.conformance.ConformanceSummary;
import java.io.PrintWriter;

/**
 * Prints conformance outcomes the way every {@code kemu conformance} command does: one line per
 * failing vector, then the plain closing line {@code N passed, M failed}.
 */
final class ConformanceReport {
    private ConformanceReport() {
    }

    /** @return the exit status: 0 only when nothing failed */
    static int print(ConformanceSummary summary, PrintWriter out) {
        summary.failureLines().forEach(out::println);
        out.println(summary.summary());
        out.flush();
        return summary.failed() == 0 ? 0 : 1;
    }
}
