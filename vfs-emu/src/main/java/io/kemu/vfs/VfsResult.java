package io.kemu.vfs;

import java.util.Objects;
import java.util.function.Function;

/**
 * The typed outcome of an emulated VOP or system call: either {@link Ok} with a value, or {@link
 * Failed} with the {@link Errno} the kernel would have returned. Callers branch with {@link #isOk()}
 * or pattern-match on the two records.
 */
public sealed interface VfsResult<T> permits VfsResult.Ok, VfsResult.Failed {

    /** Success carrying {@code value} (never null). */
    record Ok<T>(T value) implements VfsResult<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Failure with the error the kernel would return. */
    record Failed<T>(Errno errno) implements VfsResult<T> {
        public Failed {
            Objects.requireNonNull(errno, "errno");
        }
    }

    static <T> VfsResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> VfsResult<T> failed(Errno errno) {
        return new Failed<>(errno);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value of a success; {@link IllegalStateException} on a failure (a caller bug). */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("no value: failed with " + errno());
    }

    /** The error of a failure, or null on success. */
    default Errno errno() {
        return this instanceof Failed<T> failed ? failed.errno() : null;
    }

    /** The same failure retyped, or the success mapped through {@code fn}. */
    default <U> VfsResult<U> map(Function<? super T, ? extends U> fn) {
        if (this instanceof Ok<T> ok) {
            return ok(fn.apply(ok.value()));
        }
        return failed(errno());
    }
}
