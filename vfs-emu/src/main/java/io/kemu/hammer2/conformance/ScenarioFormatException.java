package io.kemu.hammer2.conformance;

/**
 * A cluster vector scenario that breaks the format of {@code vectors/cluster/FORMAT.md}, with the
 * 1-based line the problem was found on.
 */
public final class ScenarioFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;

    public ScenarioFormatException(int line, String reason) {
        super(reason);
        this.line = line;
    }

    public int line() {
        return line;
    }

    /** {@code file:line: reason}. */
    public String describe(String file) {
        return file + ":" + line + ": " + getMessage();
    }
}
