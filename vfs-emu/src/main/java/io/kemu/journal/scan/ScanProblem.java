package io.kemu.journal.scan;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One reported problem: its kind, the stream byte offset it refers to (of a raw record, or of the
 * first raw record of a transaction; -1 when not tied to the stream) and the transid involved, if
 * any. The message is always one line: whatever control characters a journal name smuggled into it
 * are escaped ({@link Names#oneLine}). Scanning continues after a problem; the caller decides what a problem means for it (the
 * CLI exits non-zero).
 */
public record ScanProblem(ProblemKind kind, long offset, OptionalLong transid, String message) {

    public ScanProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(transid, "transid");
        message = Names.oneLine(Objects.requireNonNull(message, "message"));
    }

    public static ScanProblem at(ProblemKind kind, long offset, String message) {
        return new ScanProblem(kind, offset, OptionalLong.empty(), message);
    }

    public static ScanProblem at(ProblemKind kind, long offset, long transid, String message) {
        return new ScanProblem(kind, offset, OptionalLong.of(transid), message);
    }

    /** {@code KIND offset N transid 0x...: message}, the form the CLI prints. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.name());
        if (offset >= 0) {
            sb.append(" offset ").append(offset);
        }
        transid.ifPresent(t -> sb.append(" transid ").append(Transids.format(t)));
        return sb.append(": ").append(message).toString();
    }
}
