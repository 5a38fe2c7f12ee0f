package io.kemu.conformance;

/**
 * The verdict on one conformance vector: passed, or the first difference (a line or byte offset)
 * or the reason it is malformed.
 */
public record VectorOutcome(String name, boolean passed, String firstDifference) {
    public static VectorOutcome pass(String name) {
        return new VectorOutcome(name, true, "");
    }

    public static VectorOutcome fail(String name, String firstDifference) {
        return new VectorOutcome(name, false, firstDifference);
    }

    /** The report line for a failed vector: {@code name: difference}. */
    public String failureLine() {
        return name + ": " + firstDifference;
    }
}
