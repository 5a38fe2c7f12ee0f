package io.kemu.streams.api;

import io.kemu.vfs.Errno;
import java.util.Optional;

/**
 * Why a {@link KemuMount} command failed: one line a person can act on, and the errno the
 * kernel's mountctl would have answered where there is one ({@code EEXIST} for a journal id
 * already installed, {@code ENOENT} for a target file in a missing directory, ...).
 * The facade's stages fail with it (wrapped in a {@link java.util.concurrent.CompletionException}
 * when read through a dependent stage, as {@code CompletableFuture} does).
 */
public final class KemuException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Errno errno;

    /** {@code errno} may be null: the failure has no kernel errno. */
    public KemuException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    public KemuException(String message, Throwable cause) {
        super(message, cause);
        this.errno = null;
    }

    /** The mountctl errno, empty when the failure is not one the kernel would report (a timeout). */
    public Optional<Errno> errno() {
        return Optional.ofNullable(errno);
    }
}
