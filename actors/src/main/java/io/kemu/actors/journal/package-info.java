/**
 * One journal's actors: who runs the ring's rules, and when. {@link io.kemu.actors.journal.JournalActor}
 * is the kernel's {@code struct journal} under the MP lock (it confines one
 * {@link io.kemu.journal.fifo.JournalFifo}; its lifecycle is a state machine: running, draining,
 * closing, discarding; its messages are {@link io.kemu.actors.journal.JournalProtocol}, its stopping
 * states {@code JournalStopping}), {@link io.kemu.actors.journal.WriterActor} is
 * {@code journal_wthread}'s output half with its target stream,
 * {@link io.kemu.actors.journal.ReaderActor} is {@code journal_rthread}.
 * No byte rule lives here: the ring, records and ack layout are in {@code vfs-emu}.
 *
 * <p>How a change travels (one journal, full duplex):
 * <pre>
 *  CpuActor --Generate/Execute--&gt; MountActor -- runs the VOPs on the emulated Mount; the journaling layer
 *                                     |         records each journal's transactions as TransactionPrograms
 *  producer --Submit(batch of TransactionPrograms)--&gt; JournalActor -- replays them into --&gt; JournalFifo
 *      ^                                                 |  (parks, in order, what does not fit;      |
 *      +------------ Submitted (the wakeup) -------------+   fifostalls counts each stall)            | windex
 *                                                        | commit-wakeup rule / 1 s heartbeat         |
 *                                                        v                                            | rindex
 *    target (file, TCP) &lt;-- stream pulls -- WriterActor &lt;-- Chunk: drained whole records -----------+
 *         | flush, then 32-byte ack                                                                  xindex
 *         +-------------------------&gt; ReaderActor -- Ack(transid) --&gt; JournalActor - frees, unparks -+
 * </pre>
 *
 * <p>Names: {@link io.kemu.actors.journal.JournalStatus} (the actor's status: the FIFO counters,
 * parked transactions, latency) is independent of {@code io.kemu.vfs.jops.JournalStatus} (one entry
 * of the kernel layer's {@code MOUNTCTL_STATUS_VFS_JOURNAL} reply).
 *
 * <p>Threading: actors; each actor's state is touched only by its own messages. Plain helpers
 * ({@code JournalLink}, {@code JournalStopping}, {@code WriterHandle}, {@code ParkedTransactions},
 * {@code AckLatency}) run inside the journal actor.
 */
package io.kemu.actors.journal;
