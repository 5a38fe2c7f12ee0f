package io.kemu.actors.dispatch;

/** A thread model that this JVM cannot run (virtual threads before Java 21). */
public final class ThreadModelUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ThreadModelUnavailableException(String message) {
        super(message);
    }
}
