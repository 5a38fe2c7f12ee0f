package io.kemu.hammer2.cluster;

/**
 * A failed KKASSERT inside ported kernel code. Package-private and always caught by
 * {@link Outcome#trap}, which turns it into {@link Outcome.Asserted}: the panic ends the
 * operation, as in the kernel, without an exception reaching a caller.
 */
final class KernelPanic extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final KernelAssert reason;

    private KernelPanic(KernelAssert reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    KernelAssert reason() {
        return reason;
    }

    /** KKASSERT(condition): panics with {@code reason} unless the condition holds. */
    static void check(boolean condition, KernelAssert reason, String detail) {
        if (!condition) {
            throw new KernelPanic(reason, detail);
        }
    }

    /** The value of a nested operation's outcome; its assertion panics the enclosing operation. */
    static <T> T unwrap(Outcome<T> outcome) {
        if (outcome instanceof Outcome.Asserted<T> asserted) {
            throw new KernelPanic(asserted.reason(), asserted.detail());
        }
        return ((Outcome.Done<T>) outcome).value();
    }

    /** An unconditional panic(). */
    static KernelPanic raise(KernelAssert reason, String detail) {
        return new KernelPanic(reason, detail);
    }
}
