package io.kemu.journal.scan;

import java.util.OptionalLong;

/**
 * The scanner's one exception type: a stream that cannot be decoded, a transaction that cannot be
 * applied, or a mirror whose own state is unusable. It carries the same facts as a
 * {@link ScanProblem} (kind, stream offset, transid) so that callers that collect problems instead of
 * failing can convert it with {@link #toProblem()}. Offsets are -1 when the error is not tied to a
 * position in the stream (for instance a state-file error).
 */
public final class JournalScanException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ProblemKind kind;
    private final long offset;
    private final OptionalLong transid;
    private final String reason;

    public JournalScanException(ProblemKind kind, String reason) {
        this(kind, -1, OptionalLong.empty(), reason, null);
    }

    public JournalScanException(ProblemKind kind, String reason, Throwable cause) {
        this(kind, -1, OptionalLong.empty(), reason, cause);
    }

    public JournalScanException(ProblemKind kind, long offset, OptionalLong transid, String reason,
            Throwable cause) {
        super(reason, cause);
        this.kind = kind;
        this.offset = offset;
        this.transid = transid;
        this.reason = reason;
    }

    public ProblemKind kind() {
        return kind;
    }

    public long offset() {
        return offset;
    }

    public OptionalLong transid() {
        return transid;
    }

    /** The message without kind, offset and transid. */
    public String reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return toProblem().toString();
    }

    public ScanProblem toProblem() {
        return new ScanProblem(kind, offset, transid, reason);
    }
}
