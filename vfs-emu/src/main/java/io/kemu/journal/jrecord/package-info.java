/**
 * Virtual stream records: the kernel's {@code struct jrecord} and its {@code jrecord_*} functions in
 * {@code kern/vfs_journal.c} ({@code jrecord_init}, {@code jrecord_push}, {@code jrecord_pop},
 * {@code jrecord_leaf}, {@code jrecord_done}), which split one logical transaction into raw records
 * in a {@link io.kemu.journal.fifo.JournalFifo}.
 *
 * <p>{@link io.kemu.journal.jrecord.JRecord} writes directly into a ring;
 * {@link io.kemu.journal.jrecord.TransactionProgram} records the same {@link
 * io.kemu.journal.jrecord.RecordBuilder} calls so an actor that owns the ring can replay them later,
 * resumably, producing the same bytes (and reports the transid of its last record once committed).
 *
 * <p>Threading: not thread-safe; a record or program is used by the ring's owner only.
 */
package io.kemu.journal.jrecord;
