package io.kemu.journal.scan.subrecord;

import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** A {@code struct timespec} from a time leaf (ATIME, MTIME, CTIME). */
public record Timespec(long seconds, long nanos) {

    /** Nanoseconds outside [0, 1e9) are folded into the seconds, as the kernel would normalise them. */
    public Instant toInstant() {
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** As a file time; values beyond {@link Instant}'s range saturate instead of failing. */
    public FileTime toFileTime() {
        try {
            return FileTime.from(toInstant());
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return FileTime.from(seconds, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** ISO-8601 in UTC with nanoseconds, or the raw fields when out of {@link Instant}'s range. */
    @Override
    public String toString() {
        try {
            return toInstant().toString();
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return seconds + "s+" + nanos + "ns";
        }
    }
}
