/**
 * The journaling layer ({@code vfs_jops.c}): journaled VOPs and the kernel side of mountctl.
 *
 * <p>How the pieces fit: {@link io.kemu.vfs.jops.MountJournals} holds a mount's journals. Its
 * {@code install} settles a journal's parameters ({@link io.kemu.vfs.jops.JournalConfig}: FIFO
 * size, first transid, flags), asks the caller's {@link io.kemu.vfs.jops.SinkFactory} for the
 * journal's {@link io.kemu.vfs.jops.TransactionSink} (the destination of its transactions, for
 * example a {@link io.kemu.vfs.jops.FifoSink} over a {@code JournalFifo}, or a sink that records a
 * {@code TransactionProgram} per call for an actor), writes ASSOCIATE to it, and on the first
 * journal installs {@link io.kemu.vfs.jops.JournalOps} as the mount's VOP vector. From then on every
 * system call on the {@link io.kemu.vfs.Mount} that reaches a journaled VOP opens one transaction
 * per journal through {@code sink.begin(streamId)} and completes it before returning.
 *
 * <p>Record layouts follow JOURNAL-SPEC section 1, leaf value widths are in
 * {@link io.kemu.vfs.jops.NativeLeafLayout}.
 */
package io.kemu.vfs.jops;
