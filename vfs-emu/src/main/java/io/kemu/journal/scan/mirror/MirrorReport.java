package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.Transids;

import java.util.List;

/**
 * What a mirror or undo run did.
 *
 * @param records valid raw records read (pads and duplicates included)
 * @param bytes stream bytes consumed
 * @param applied transactions applied forward without a problem
 * @param undone transactions reversed (undo runs only)
 * @param duplicates transactions skipped because they were already finished (a replay)
 * @param duplicateRecords raw records skipped because their transid was already received
 * @param aborted transactions dropped because they were ABORTED
 * @param control control-stream transactions (ids below 0x100, e.g. ASSOCIATE), which change nothing
 * @param rejected transactions refused or failed, each with an entry in {@code problems}
 * @param completedThrough the persisted watermark: everything at or below it is finished
 * @param newestTransid the newest transid received
 * @param problems the first {@link #MAX_KEPT} problems, in order
 * @param problemCount all problems, including those not kept
 * @param warnings the first {@link #MAX_KEPT} warnings (things that did not stop a record)
 * @param warningCount all warnings
 */
public record MirrorReport(long records, long bytes, long applied, long undone, long duplicates, long duplicateRecords,
        long aborted, long control, long rejected, long completedThrough, long newestTransid, List<ScanProblem> problems,
        long problemCount, List<String> warnings, long warningCount) {
    /** How many problems and warnings a report keeps. */
    public static final int MAX_KEPT = 1000;

    public MirrorReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** True when no record was refused and the stream had no problem. */
    public boolean clean() {
        return problemCount == 0;
    }

    /** A one-line summary, as the CLI prints it. */
    public String summary() {
        return String.format("%d records, %d bytes: %d applied, %d undone, %d duplicate transactions"
                + " (%d duplicate records), %d aborted, %d control, %d rejected; %d problems, %d warnings;"
                + " completed through %s", records, bytes, applied, undone, duplicates, duplicateRecords, aborted,
                control, rejected, problemCount, warningCount, Transids.format(completedThrough));
    }
}
