package io.kemu.journal.scan;

/**
 * What went wrong with a piece of a journal stream. The first group describes the stream itself
 * (reported by the decoder and the reassembler), the second a transaction that could not be
 * applied to a mirror.
 */
public enum ProblemKind {
    /** Bytes that are not a valid raw record; skipped in 16-byte steps (jscan's "search mode"). */
    GARBAGE,
    /** A raw record header claims more than the 128 MiB JREC_MAXRECSIZE. */
    RECORD_TOO_LARGE,
    /** The stream ends inside a raw record. */
    TRUNCATED,
    /** Records of a transaction whose BEGIN was never seen (jscan: "collection failed"). */
    ORPHAN,
    /** A transaction still open when the input ended (no END record). */
    INCOMPLETE,
    /** A BEGIN arrived on a stream id that was still open: the older transaction is dead. */
    SUPERSEDED,
    /** A logical transaction outgrew the configured reassembly limit and was dropped. */
    TRANSACTION_TOO_LARGE,
    /** The sub-record structure of a transaction is invalid. */
    MALFORMED,
    /** The record would create, change or follow something outside the mirror root. */
    REFUSED,
    /** The record is valid but the mirror cannot represent it (e.g. a non-UTF-8 name). */
    UNSUPPORTED,
    /** The filesystem operation on the mirror failed. */
    FAILED,
    /** Undo is impossible: the journal holds no (or incomplete) UNDO data for the operation. */
    IRREVERSIBLE,
    /** The input could not be read, or the mirror's own state could not be read or written. */
    IO
}
