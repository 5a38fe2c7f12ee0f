package io.kemu.vfs.jops;

import java.util.Objects;

/**
 * The meaningful fields of {@code struct mountctl_install_journal}: id, flags, membufsize (0 for
 * the default) and the first transid (0 for "from the clock"). swapbufsize, stallwarn and
 * stallerror are ignored by the kernel and so are absent here.
 */
public record InstallRequest(JournalId id, int flags, long membufsize, long transid) {
    public InstallRequest {
        Objects.requireNonNull(id, "id");
    }

    /** A journal with default FIFO size and clock-derived first transid. */
    public static InstallRequest of(String id, int flags) {
        return new InstallRequest(JournalId.of(id), flags, 0, 0);
    }
}
