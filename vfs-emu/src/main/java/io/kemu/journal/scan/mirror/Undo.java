package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.JournalScanner;
import io.kemu.journal.scan.Names;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.ResumePoint;
import io.kemu.journal.scan.ScanOptions;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.Transaction;
import io.kemu.journal.scan.Transids;
import io.kemu.journal.scan.op.Operation;
import io.kemu.journal.scan.op.OperationParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Returns a mirror to an earlier point of a reversible journal: jscan's {@code -u} (undo) mode,
 * re-designed for the restart state kemu keeps.
 *
 * <p>Which transactions are undone: every complete, non-aborted VOP transaction of the stream whose
 * END transid is above {@code toTransid} and that the mirror's state counts as applied (at or below
 * its watermark, or listed as finished above it) and did not reject. They are undone newest first
 * (reverse END order), each operation from its UNDO section ({@link UndoApplier}).
 *
 * <p>How: a first forward pass over the file finds those transactions and, for each, the resume point
 * the stream had just before its END record. A second pass re-reads them one at a time, newest first
 * ({@link TransactionReader}), so memory holds one transaction. After each one the mirror's state is
 * set to that earlier resume point, so a later forward mirror run re-applies exactly what was undone;
 * rejections of transactions that are no longer finished are forgotten. An undo that is interrupted
 * can be run again (the state names the last transaction that was fully undone).
 *
 * <p>The node manifest: after a transaction's operations are undone, its paths' manifest lines are
 * put back from the mirror's {@link UndoLog} (extended attributes, flags, whiteouts: facts the kernel
 * journals no old value of). Transactions the log does not cover (a mirror made before it existed)
 * are counted in one {@link ProblemKind#IRREVERSIBLE} problem, so such an undo is never reported clean.
 */
public final class Undo {
    private Undo() {
    }

    /** One transaction to reverse, and the state the mirror is in once it has been. */
    private record Target(TransactionReader.Location location, ResumePoint before) {
    }

    public static MirrorReport apply(Path streamFile, Path root, long toTransid, MirrorOptions options)
            throws JournalScanException {
        Path realRoot = Mirror.realRoot(root);
        MirrorState state = MirrorState.load(MirrorState.locate(realRoot, options), options.fsync());
        if (!state.exists()) {
            throw new JournalScanException(ProblemKind.IO, "mirror " + realRoot + " has no " + state.transidFile()
                    + ": nothing was mirrored into it, so there is nothing to undo");
        }
        NodeManifest manifest = NodeManifest.readUnder(realRoot);
        manifest.replay(state.loggedManifestChanges());
        if (manifest.isDirty()) {
            // the mirror was killed with manifest changes only in its state log: write them to the file
            // and checkpoint, so that from here on the file alone is the manifest, as undo expects
            writeManifest(manifest, realRoot);
            state.checkpointNow();
        }
        ReportBuilder report = new ReportBuilder();
        FirstPass pass = new FirstPass(state, toTransid, report);
        JournalScanner scanner = new JournalScanner(pass, new ScanOptions(options.limits(), true), ResumePoint.START);
        pass.scanner = scanner;
        try (InputStream in = Files.newInputStream(streamFile)) {
            byte[] chunk = new byte[64 * 1024];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                scanner.feed(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot read " + streamFile + ": " + e, e);
        }
        scanner.finish();
        if (!Transids.isAfter(scanner.newestTransid(), toTransid)) {
            report.warning("nothing to undo: " + Transids.format(toTransid) + " is at or past the end of the journal"
                    + " (its newest transid is " + Transids.format(scanner.newestTransid()) + ")");
        }

        MirrorTree tree = new MirrorTree(realRoot, manifest, options, report::warning);
        UndoApplier undo = new UndoApplier(tree);
        Optional<UndoLog> undoLog = UndoLog.existing(state);
        Map<Long, List<String>> beforeImages = undoLog.isPresent() ? undoLog.get().entries() : Map.of();
        int uncovered = 0;
        for (int i = pass.targets.size() - 1; i >= 0; i--) {
            Target t = pass.targets.get(i);
            Transaction tx;
            try {
                tx = TransactionReader.read(streamFile, t.location(), options.limits());
            } catch (JournalScanException e) {
                report.problem(e.toProblem());
                break;
            }
            long end = t.location().endTransid();
            boolean covered = undoLog.isPresent() && undoLog.get().covers(end);
            List<String> manifestLines = new ArrayList<>();
            Map<Integer, UndoLog.Link> links = new java.util.HashMap<>();
            for (String change : beforeImages.getOrDefault(end, List.of())) {
                if (change.startsWith(UndoLog.Link.PREFIX)) {
                    UndoLog.Link link = parseLink(change);
                    links.put(link.opIndex(), link);
                } else {
                    manifestLines.add(change);
                }
            }
            undo.manifestRestored(covered);
            undo.links(links);
            undoTransaction(tx, undo, report);
            if (covered) {
                manifest.replay(manifestLines);
            } else {
                uncovered++;
            }
            writeManifest(manifest, realRoot);
            state.save(t.before());
        }
        List<String> damaged = undo.damagedNames();
        if (!damaged.isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (String name : damaged) {
                names.append(names.length() == 0 ? "" : ", ").append(Names.quote(name));
            }
            report.problem(new ScanProblem(ProblemKind.IRREVERSIBLE, 0, OptionalLong.empty(), damaged.size()
                    + " entries are not as they were at " + Transids.format(toTransid) + " (data or hard links the"
                    + " journal cannot restore, under their names now): " + names));
        }
        if (uncovered > 0) {
            report.problem(new ScanProblem(ProblemKind.IRREVERSIBLE, 0, OptionalLong.empty(), uncovered
                    + " undone transactions were mirrored before this mirror kept its undo log ("
                    + UndoLog.FILE_NAME + "): extended attributes, flags and whiteouts that they removed or replaced"
                    + " are not restored"));
        }
        state.keepRejectedFinishedBy(state.resumePoint());
        state.close();
        return report.build(scanner, state.resumePoint().watermark());
    }

    private static UndoLog.Link parseLink(String change) throws JournalScanException {
        try {
            return UndoLog.Link.parse(change);
        } catch (IllegalArgumentException e) {
            throw new JournalScanException(ProblemKind.IO, UndoLog.FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    private static void writeManifest(NodeManifest manifest, Path realRoot) throws JournalScanException {
        try {
            if (manifest.isDirty()) {
                manifest.writeUnder(realRoot);
                manifest.markClean();
            }
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot write " + NodeManifest.fileUnder(realRoot)
                    + ": " + e, e);
        }
    }

    private static void undoTransaction(Transaction tx, UndoApplier undo, ReportBuilder report) {
        report.context(tx);
        try {
            List<Operation> ops = OperationParser.parse(tx);
            boolean ok = true;
            for (int j = ops.size() - 1; j >= 0; j--) {
                try {
                    undo.beginOperation(j);
                    undo.apply(ops.get(j));
                } catch (JournalScanException e) {
                    ok = false;
                    report.problem(new ScanProblem(e.kind(), tx.beginOffset(), OptionalLong.of(tx.beginTransid()),
                            String.format("stream 0x%04x undo %s: %s", tx.streamId(), ops.get(j).typeName(), e.reason())));
                }
            }
            if (ok) {
                report.undone++;
            } else {
                report.rejected++;
            }
        } catch (JournalScanException e) {
            report.rejected++;
            report.problem(new ScanProblem(e.kind(), tx.beginOffset(), OptionalLong.of(tx.beginTransid()),
                    String.format("stream 0x%04x undo: %s", tx.streamId(), e.reason())));
        } finally {
            report.context(null);
        }
    }

    /** Finds the transactions to undo and the resume point before each one's END record. */
    private static final class FirstPass implements JournalScanner.Listener {
        final List<Target> targets = new ArrayList<>();
        private final MirrorState state;
        private final java.util.Map<Long, String> rejected;
        private final long toTransid;
        private final ReportBuilder report;
        JournalScanner scanner;
        private ResumePoint beforeCurrentRecord = ResumePoint.START;

        FirstPass(MirrorState state, long toTransid, ReportBuilder report) throws JournalScanException {
            this.state = state;
            this.rejected = state.rejected();
            this.toTransid = toTransid;
            this.report = report;
        }

        @Override
        public void onRecord(RawRecord record) {
            if (!record.isPad() && Transids.isAfter(record.transid(), toTransid)) {
                beforeCurrentRecord = scanner.resumePoint();
            }
        }

        @Override
        public void onTransaction(Transaction tx) {
            if (tx.isControl()) {
                report.control++;
                return;
            }
            if (tx.isAborted()) {
                report.aborted++;
                return;
            }
            long end = tx.endTransid();
            if (!Transids.isAfter(end, toTransid) || !state.resumePoint().isFinished(end)) {
                return;
            }
            if (rejected.containsKey(end)) {
                report.warning("transaction ending at " + Transids.format(end) + " was rejected when mirrored; not undone");
                return;
            }
            targets.add(new Target(new TransactionReader.Location(tx.streamId(), tx.beginOffset(), tx.endOffset(), end),
                    beforeCurrentRecord));
        }

        @Override
        public void onProblem(ScanProblem problem) {
            report.problem(problem);
        }
    }
}
