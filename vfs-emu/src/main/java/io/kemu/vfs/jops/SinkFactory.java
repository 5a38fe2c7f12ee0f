package io.kemu.vfs.jops;

/**
 * Creates the destination of a journal being installed, once its parameters are known: the part of
 * {@code journal_install_vfs_journal()} that allocates the memory FIFO ({@code fifo.membase}) of
 * {@link JournalConfig#fifoSize()} bytes starting at {@link JournalConfig#firstTransid()}. Stands in
 * for the install's file descriptor: passing none is EBADF.
 */
@FunctionalInterface
public interface SinkFactory {
    TransactionSink open(JournalConfig config);
}
