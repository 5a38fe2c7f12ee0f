package io.kemu.vfs.jops;

/**
 * The parameters of an installed journal as {@code journal_install_vfs_journal()} settles them:
 * the id, the stored flags (WACTIVE, RACTIVE and STOP_REQ removed), the FIFO size (a power of two
 * in 64 KiB .. 128 MiB) and the first transid.
 */
public record JournalConfig(JournalId id, int flags, int fifoSize, long firstTransid) {
    public boolean isReversable() {
        return (flags & MountctlFlags.WANT_REVERSABLE) != 0;
    }

    public boolean isFullDuplex() {
        return (flags & MountctlFlags.WANT_FULLDUPLEX) != 0;
    }
}
