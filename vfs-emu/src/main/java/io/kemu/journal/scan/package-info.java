/**
 * The stream scanner, the far end of a journal: DragonFly's {@code jscan} forward read loop
 * ({@code jscan.c}, {@code jsession.c}, {@code jstream.c}). Bytes in, complete logical transactions
 * out: {@link io.kemu.journal.scan.RecordDecoder} finds raw records (and resynchronises after
 * garbage), {@link io.kemu.journal.scan.StreamReassembler} joins a stream's records into one
 * {@link io.kemu.journal.scan.Transaction}, and {@link io.kemu.journal.scan.JournalScanner} chains them
 * with restart bookkeeping ({@link io.kemu.journal.scan.ResumePoint}) and the replay filter.
 *
 * <p>Names: {@link io.kemu.journal.scan.Transaction} is a decoded transaction read back from a stream;
 * it is independent of {@code io.kemu.hammer2.cluster.Transaction} (a HAMMER2 PFS transaction id),
 * which shares only the word.
 *
 * <p>Threading: not thread-safe; callbacks happen synchronously inside {@code feed}/{@code finish}.
 */
package io.kemu.journal.scan;
