package io.kemu.vfs.jops;

/**
 * One entry of a {@code MOUNTCTL_STATUS_VFS_JOURNAL} reply as the kernel layer can fill it: id,
 * ordinal among the returned entries, MORETOCOME, and the FIFO size. The FIFO counters
 * (membufused = windex - xindex, membufunacked = rindex - xindex, bytessent = total_acked,
 * fifostalls) are read by the owner of the journal's FIFO, reached through {@link #journal()}.
 */
public record JournalStatus(JournalId id, int index, int flags, int membufsize, Journal journal) {
    public boolean moreToCome() {
        return (flags & MountctlFlags.STATUS_MORETOCOME) != 0;
    }

    JournalStatus withMoreToCome() {
        return new JournalStatus(id, index, flags | MountctlFlags.STATUS_MORETOCOME, membufsize, journal);
    }
}
