package io.kemu.journal.scan;

import java.util.Objects;

/**
 * How a {@link JournalScanner} treats its input.
 *
 * @param limits reassembly memory bounds
 * @param skipDuplicates skip raw records at or below the newest transid already received (a replay
 *     after a restart) and transactions the resume point lists as finished; the mirror needs this, a
 *     dump does not (jscan -d shows everything)
 */
public record ScanOptions(ScanLimits limits, boolean skipDuplicates) {
    public static final ScanOptions MIRROR = new ScanOptions(ScanLimits.DEFAULT, true);
    public static final ScanOptions DUMP = new ScanOptions(ScanLimits.DEFAULT, false);

    public ScanOptions {
        Objects.requireNonNull(limits, "limits");
    }

    public ScanOptions withLimits(ScanLimits newLimits) {
        return new ScanOptions(newLimits, skipDuplicates);
    }
}
