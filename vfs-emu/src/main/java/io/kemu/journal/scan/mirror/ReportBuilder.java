package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanner;
import io.kemu.journal.scan.Names;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.Transaction;
import io.kemu.journal.scan.Transids;

import java.util.ArrayList;
import java.util.List;

/** Collects the counters, problems and warnings of one mirror or undo run (bounded lists). */
final class ReportBuilder {
    long applied;
    long undone;
    long duplicates;
    long aborted;
    long control;
    long rejected;
    private final List<ScanProblem> problems = new ArrayList<>();
    private long problemCount;
    private final List<String> warnings = new ArrayList<>();
    private long warningCount;
    /** The transaction being applied, or null; its prefix is only built when it has a warning. */
    private Transaction context;

    void problem(ScanProblem p) {
        problemCount++;
        if (problems.size() < MirrorReport.MAX_KEPT) {
            problems.add(p);
        }
    }

    /** Warnings raised while {@code tx} is applied are prefixed with its offset and transid. */
    void context(Transaction tx) {
        context = tx;
    }

    void warning(String w) {
        warningCount++;
        if (warnings.size() < MirrorReport.MAX_KEPT) {
            final String prefix = context == null ? ""
                    : "offset " + context.beginOffset() + " transid " + Transids.format(context.beginTransid()) + ": ";
            warnings.add(Names.oneLine(prefix + w));
        }
    }

    long problemCount() {
        return problemCount;
    }

    MirrorReport build(JournalScanner scanner, long completedThrough) {
        return new MirrorReport(scanner == null ? 0 : scanner.records(), scanner == null ? 0 : scanner.position(),
                applied, undone, duplicates, scanner == null ? 0 : scanner.duplicateRecords(), aborted, control,
                rejected, completedThrough, scanner == null ? 0 : scanner.newestTransid(), problems, problemCount,
                warnings, warningCount);
    }
}
