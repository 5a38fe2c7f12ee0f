/**
 * The journal FIFO: the kernel's per-journal memory ring ({@code struct journal_memfifo} in
 * {@code sys/journal.h}, the reserve/commit/abort/ack rules of {@code kern/vfs_journal.c}).
 *
 * <p>{@link io.kemu.journal.fifo.JournalFifo} mirrors {@code journal_reserve()},
 * {@code journal_commit()}, {@code journal_abort()}, the writer's drain ({@code journal_wthread}) and
 * the reader's ack ({@code journal_rthread}) over three 32-bit byte counters: {@code windex} (producers),
 * {@code rindex} (the writer) and {@code xindex} (acks), {@code xindex <= rindex <= windex}, every record
 * 16-byte aligned. A reservation that does not fit returns {@link io.kemu.journal.fifo.JournalFifo#BLOCKED}
 * (where the kernel sleeps) or asks an injected {@link io.kemu.journal.fifo.StallHandler}; a drain hands
 * whole committed records to a {@link io.kemu.journal.fifo.WriteSink}. Transid bookkeeping (a record
 * takes {@code transid}, the counter advances by 2) stays here too:
 * {@link io.kemu.journal.fifo.JournalFifo#lastRecordTransid()}.
 *
 * <p>Threading: not thread-safe. One ring is confined to one owner at a time (the journal actor, or
 * the thread running a direct journal); {@code assert checkInvariants()} runs after every mutation.
 */
package io.kemu.journal.fifo;
