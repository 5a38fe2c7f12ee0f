/**
 * The journal's wire format, one descriptor class per C structure of {@code sys/journal.h}: the raw
 * record header ({@code struct journal_rawrecbeg}) and trailer ({@code struct journal_rawrecend}), the
 * sub-record header ({@code struct journal_subrecord}) and the 32-byte ack record
 * ({@code struct journal_ackrecord}), with record types and stream id bits. Each descriptor holds
 * offsets, sizes and named constants (alignment, magics, the 16-byte pad's transid) and static
 * accessors over a byte array, after Agrona's {@code RecordDescriptor}; layouts are drawn in their
 * Javadoc. See {@code JOURNAL-FORMAT.md}.
 *
 * <p>Threading: stateless static helpers, except {@link io.kemu.journal.wire.AckRecordAssembler}, which
 * holds one partial ack record and belongs to one reader.
 */
package io.kemu.journal.wire;
