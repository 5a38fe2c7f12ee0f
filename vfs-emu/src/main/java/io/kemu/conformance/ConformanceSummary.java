package io.kemu.conformance;

import java.util.List;

/**
 * The verdicts on a folder of conformance vectors, in name order, whatever their kind (FIFO scripts,
 * cluster scenarios): the report every {@code kemu conformance} command prints.
 */
public record ConformanceSummary(List<VectorOutcome> outcomes) {
    public ConformanceSummary {
        outcomes = List.copyOf(outcomes);
    }

    public long passed() {
        return outcomes.stream().filter(VectorOutcome::passed).count();
    }

    public long failed() {
        return outcomes.size() - passed();
    }

    /** One line per failed vector: {@code name: first difference}. */
    public List<String> failureLines() {
        return outcomes.stream().filter(o -> !o.passed()).map(VectorOutcome::failureLine).toList();
    }

    /** The plain closing line {@code N passed, M failed}. */
    public String summary() {
        return passed() + " passed, " + failed() + " failed";
    }
}
