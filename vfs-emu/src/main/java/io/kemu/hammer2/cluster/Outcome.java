package io.kemu.hammer2.cluster;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The result of a cluster operation: {@link Done} with its value, or {@link Asserted} where the
 * kernel's code would have hit a KKASSERT or panic. Nothing is thrown for a kernel assertion.
 */
public sealed interface Outcome<T> {

    /** The operation completed. */
    record Done<T>(T value) implements Outcome<T> {
    }

    /** The operation stopped where the kernel asserts; {@code detail} says what was found. */
    record Asserted<T>(KernelAssert reason, String detail) implements Outcome<T> {
        public Asserted {
            Objects.requireNonNull(reason, "reason");
        }
    }

    default boolean isDone() {
        return this instanceof Done<T>;
    }

    /** The value of a {@link Done}; for an {@link Asserted} an IllegalStateException naming it. */
    default T orElseThrow() {
        if (this instanceof Done<T> done) {
            return done.value();
        }
        Asserted<T> asserted = (Asserted<T>) this;
        throw new IllegalStateException("kernel assertion " + asserted.reason() + ": " + asserted.detail());
    }

    static <T> Outcome<T> done(T value) {
        return new Done<>(value);
    }

    /**
     * Runs a piece of ported kernel code that checks its assertions with
     * {@link KernelPanic#check}; a failed check becomes {@link Asserted}, as a panic ends the
     * kernel's call. The exception never leaves this method.
     */
    static <T> Outcome<T> trap(Supplier<T> body) {
        try {
            return new Done<>(body.get());
        } catch (KernelPanic panic) {
            return new Asserted<>(panic.reason(), panic.getMessage());
        }
    }
}
