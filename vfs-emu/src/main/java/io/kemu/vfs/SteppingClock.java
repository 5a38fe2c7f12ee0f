package io.kemu.vfs;

/**
 * A deterministic {@link Clock}: starts at a given time and advances by a fixed step on every
 * reading. Invariant: readings strictly increase by {@code stepNanos}.
 */
public final class SteppingClock implements Clock {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long stepNanos;
    private long sec;
    private long nsec;

    /** Starts at {@code start} and steps by {@code stepNanos} (at least 1) per reading. */
    public SteppingClock(Timespec start, long stepNanos) {
        if (stepNanos < 1 || start.isVnoval() || start.sec() < 0) {
            throw new IllegalArgumentException("bad clock start " + start + " or step " + stepNanos);
        }
        this.stepNanos = stepNanos;
        this.sec = start.sec();
        this.nsec = start.nsec();
    }

    @Override
    public Timespec now() {
        final Timespec t = new Timespec(sec, nsec);
        nsec += stepNanos;
        sec += nsec / NANOS_PER_SECOND;
        nsec %= NANOS_PER_SECOND;
        return t;
    }
}
