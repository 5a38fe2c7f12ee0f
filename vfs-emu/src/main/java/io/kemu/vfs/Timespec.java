package io.kemu.vfs;

/**
 * A {@code struct timespec}: seconds and nanoseconds. {@link #VNOVAL} (tv_sec = -1) marks a vattr
 * time that is not set.
 */
public record Timespec(long sec, long nsec) {
    /** A time field not to be changed / not available ({@code tv_sec == VNOVAL}). */
    public static final Timespec VNOVAL = new Timespec(Vattr.VNOVAL, Vattr.VNOVAL);

    public Timespec {
        if (sec != Vattr.VNOVAL && (nsec < 0 || nsec >= 1_000_000_000L)) {
            throw new IllegalArgumentException("tv_nsec out of range: " + nsec);
        }
    }

    public boolean isVnoval() {
        return sec == Vattr.VNOVAL;
    }

    /**
     * The default first transid of a journal installed now: {@code (tv_sec << 30) | tv_nsec}, as
     * {@code journal_install_vfs_journal()} computes it from {@code getnanotime()}.
     */
    public long toTransid() {
        return (sec << 30) | nsec;
    }
}
