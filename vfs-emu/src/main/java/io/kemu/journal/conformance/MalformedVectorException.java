package io.kemu.journal.conformance;

/** A conformance input that breaks its format: reported as {@code file:line: reason}. */
public final class MalformedVectorException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedVectorException(String file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
    }
}
