package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.JournalScanner;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ResumePoint;
import io.kemu.journal.scan.ScanOptions;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.Transaction;
import io.kemu.journal.scan.Transids;
import io.kemu.journal.scan.op.Operation;
import io.kemu.journal.scan.op.OperationParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Applies a journal stream to a real directory: jscan's mirror mode ({@code jscan -m}, {@code
 * dump_mirror.c}), restartable and safe. Feed it chunks as they arrive ({@link #feed}) and call
 * {@link #finish()} at the end of input, or use one of the {@code apply} helpers for a whole stream.
 *
 * <h2>What is applied</h2>
 * Every complete, non-aborted transaction with a stream id of 0x100 or more, in END order, through
 * {@link ForwardApplier} (all VOP types, see there). Control streams (ASSOCIATE/DISASSOCIATE) are
 * counted and ignored, aborted transactions dropped. A transaction that breaks a safety rule (see
 * {@link MirrorTree}) or cannot be applied is reported with its transid and offset, recorded in the
 * state directory's {@code rejected} file, and the rest of the stream still applies. Stream corruption is reported the
 * same way; nothing escapes as an exception except {@link JournalScanException} for the mirror's own
 * state (an unusable root or state file, a failed state write).
 *
 * <h2>Restart</h2>
 * After every transaction the {@link io.kemu.journal.scan.ResumePoint} is saved in the mirror's state
 * directory ({@link MirrorState}; one appended line per transaction), which lies <em>outside</em> the
 * root: by default the sibling {@code <parent>/.<rootname>.kemu-state/}, or {@link
 * MirrorOptions#stateDirectory()}. A new {@code Mirror} on the same root and state resumes from it:
 * records at or below the watermark and transactions listed as finished are skipped as duplicates, so
 * the same stream (or a replay from an earlier point) can be fed again. {@link #completedThrough()} is
 * the transid to acknowledge. A kill at any point is safe: the transaction it interrupted is applied
 * again on restart, idempotently, node manifest included (see {@link #applyTransaction}). The state is
 * created when the mirror is opened, so a root with files and no state is never a kemu mirror.
 *
 * <h2>On-disk representation</h2>
 * Chosen so that a tree exported from the emulated filesystem by the same rules ({@code
 * io.kemu.vfs.workload.TreeExporter}) compares equal with a plain {@code diff -r}: the root holds the
 * tree and its node manifest, nothing else.
 * <ul>
 *   <li>regular files, directories and symlinks are real; hard links are real hard links;</li>
 *   <li>permission bits (0777) are applied with {@code PosixFilePermissions}; symlinks keep the
 *       system's; the setuid/setgid/sticky bits are never set on disk (a journal must not be able to
 *       plant a setuid file) but recorded as {@code mode=} in the manifest;</li>
 *   <li>owner and group are applied natively (lchown) when {@link MirrorOptions#applyOwnership()} and
 *       permitted; access and modification times natively; ctime cannot be set;</li>
 *   <li>FIFOs, sockets and character/block devices are an <em>empty regular placeholder file</em>
 *       (mkfifo/mknod are not portable from Java) plus a manifest entry {@code type=fifo|sock|chr|blk}
 *       with the journaled {@code rdev}/{@code major}/{@code minor}; further names are hard links;</li>
 *   <li>a whiteout is only a manifest entry {@code type=whiteout} (no file). NWHITEOUT's
 *       create/delete flag is not journaled, so the mirror toggles: a whiteout record on a path with a
 *       whiteout removes it, on a free path creates it;</li>
 *   <li>file flags (FLAGS) are the manifest's {@code flags=}; extended attributes are {@code
 *       xattr.NAME=HEX} (the kernel journals the name but, in practice, not the value, so the value is
 *       whatever FILEDATA the record holds, usually empty);</li>
 *   <li>ACLs are not represented: SETACL records carry no ACL contents.</li>
 * </ul>
 * The manifest is {@code ROOT/.kemu/nodes} (present only while it has a line), format in {@link
 * NodeManifest}. Each transaction's changes to it are logged in the state with its resume point; the
 * file itself is rewritten at the end of each chunk fed ({@link #feed}), at {@link #finish()} and
 * {@link #close()}, and before every state checkpoint, so it is current whenever the mirror is between
 * two chunks, and after a kill the next {@code Mirror} replays the logged changes on it. Inode-wide facts (mode bits, flags, xattrs) are listed under every hard-linked name.
 * Journal paths whose first component is {@code .kemu} are refused.
 *
 * <p>Not thread-safe; one instance per input stream. Assumes nothing else writes the mirror meanwhile.
 */
public final class Mirror implements AutoCloseable {
    private static final int READ_CHUNK = 64 * 1024;

    private final MirrorState state;
    private final NodeManifest manifest;
    private final Path root;
    private final MirrorTree tree;
    private final MirrorTree.Probe probe;
    private final ForwardApplier forward;
    private final UndoLog undoLog;
    private final JournalScanner scanner;
    /** END transid of the transaction a kill interrupted while it was being applied (0: none). */
    private long interruptedEnd;
    /** True when the interrupted transaction's manifest was already written: it is wholly applied. */
    private boolean interruptedAfterManifest;
    private final ReportBuilder report = new ReportBuilder();
    private JournalScanException fatal;
    private boolean finished;

    private Mirror(Path root, MirrorOptions options, long startOffset, MirrorTree.Probe probe)
            throws JournalScanException {
        this.state = MirrorState.load(MirrorState.locate(root, options), options.fsync());
        this.root = root;
        boolean fresh = !state.exists();
        if (fresh) {
            state.checkOwned();
            refuseForeignContents(root, state);
        }
        this.manifest = NodeManifest.readUnder(root);
        manifest.replay(state.loggedManifestChanges());
        state.writeManifestWith(this::writeManifest);
        state.initialize();
        this.undoLog = UndoLog.open(state, fresh ? ResumePoint.START.watermark() : state.resumePoint().watermark());
        this.probe = probe;
        this.tree = new MirrorTree(root, manifest, options, report::warning, probe);
        this.forward = new ForwardApplier(tree);
        this.scanner = new JournalScanner(new Listener(), new ScanOptions(options.limits(), true), state.resumePoint(),
                startOffset);
        state.interrupted().ifPresent(i -> {
            interruptedEnd = i.endTransid();
            interruptedAfterManifest = !manifest.matchesHash(i.manifestHash());
        });
    }

    /**
     * Opens the mirror at {@code root} and loads its state. The root is created (with its parents)
     * when it does not exist; a symlink to a directory is resolved once, here. A root that exists, is
     * not empty and has no mirror state is refused: its files are someone else's, and a mirror
     * never deletes, truncates or overwrites what it did not create.
     */
    public static Mirror open(Path root, MirrorOptions options) throws JournalScanException {
        return open(root, options, 0);
    }

    /**
     * Like {@link #open(Path, MirrorOptions)} for input that starts at stream offset {@code
     * startOffset} (a record boundary), so that reported offsets are the stream's: a target resuming
     * the mirror from its store feeds it from the first record {@link #needs} there.
     */
    public static Mirror open(Path root, MirrorOptions options, long startOffset) throws JournalScanException {
        return open(root, options, startOffset, MirrorTree.Probe.NONE);
    }

    /** With a probe that sees every file-system mutation first (tests kill the mirror there). */
    static Mirror open(Path root, MirrorOptions options, long startOffset, MirrorTree.Probe probe)
            throws JournalScanException {
        try {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(root);
            }
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot create mirror root " + root + ": " + e, e);
        }
        return new Mirror(realRoot(root), options, startOffset, probe);
    }

    /**
     * The applied position of the mirror at {@code root} as its state records it, without opening it
     * or creating anything: what a target restarting after a crash must feed again is every record
     * whose transid is after its watermark ({@link ResumePoint#watermark()}, unsigned); transactions
     * listed in {@link ResumePoint#finishedAbove()} are recognised and skipped.
     */
    public static ResumePoint appliedPosition(Path root, MirrorOptions options) throws JournalScanException {
        if (!Files.isDirectory(root)) {
            return ResumePoint.START;
        }
        return MirrorState.load(MirrorState.locate(realRoot(root), options), false).resumePoint();
    }

    /** The current resume point (persisted after every transaction). */
    public ResumePoint resumePoint() {
        return state.resumePoint();
    }

    /** True when a raw record with {@code transid} is still needed: it is after the watermark (unsigned). */
    public boolean needs(long transid) {
        return Transids.isAfter(transid, scanner.completedThrough());
    }

    /** Bytes this mirror wrote to its restart-state files (cost checks). */
    long stateBytesWritten() {
        return state.bytesWritten();
    }

    private static void refuseForeignContents(Path root, MirrorState state) throws JournalScanException {
        try (var listing = Files.list(root)) {
            if (listing.findAny().isPresent()) {
                throw new JournalScanException(ProblemKind.IO, "mirror root " + root + " is not empty and is not a kemu"
                        + " mirror (no state at " + state.transidFile() + "); a mirror never overwrites files it did not"
                        + " create: choose an empty or new directory, or the --state of this mirror");
            }
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "mirror root " + root + " is not usable: " + e, e);
        }
    }

    /** Applies the whole file {@code stream}. */
    public static MirrorReport apply(Path stream, Path root, MirrorOptions options) throws JournalScanException {
        try (InputStream in = Files.newInputStream(stream)) {
            return apply(in, root, options);
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot read " + stream + ": " + e, e);
        }
    }

    /**
     * Applies everything {@code in} delivers. A read error ends the input: it is reported as an
     * {@link ProblemKind#IO} problem and what was read is still applied.
     */
    public static MirrorReport apply(InputStream in, Path root, MirrorOptions options) throws JournalScanException {
        try (Mirror mirror = open(root, options)) {
            byte[] chunk = new byte[READ_CHUNK];
            try {
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    mirror.feed(chunk, 0, n);
                }
            } catch (IOException e) {
                mirror.report.problem(ScanProblem.at(ProblemKind.IO, mirror.scanner.position() + mirror.scanner.pendingBytes(),
                        "reading the stream failed: " + e));
            }
            return mirror.finish();
        }
    }

    /** Applies the chunks in order, as a socket reader would deliver them. */
    public static MirrorReport apply(Iterable<ByteBuffer> chunks, Path root, MirrorOptions options)
            throws JournalScanException {
        try (Mirror mirror = open(root, options)) {
            for (ByteBuffer chunk : chunks) {
                mirror.feed(chunk);
            }
            return mirror.finish();
        }
    }

    /** Decodes and applies what the chunk completes; the rest waits for more input. */
    public void feed(byte[] src, int off, int len) throws JournalScanException {
        checkUsable();
        scanner.feed(src, off, len);
        persist();
        flushManifest();
        throwIfFatal();
    }

    public void feed(ByteBuffer src) throws JournalScanException {
        checkUsable();
        scanner.feed(src);
        persist();
        flushManifest();
        throwIfFatal();
    }

    /** End of input: reports a truncated tail and unfinished transactions, persists, returns the report. */
    public MirrorReport finish() throws JournalScanException {
        checkUsable();
        finished = true;
        scanner.finish();
        persist();
        flushManifest();
        throwIfFatal();
        return report();
    }

    /** The persisted watermark: every transaction at or below it is applied (or finished otherwise). */
    public long completedThrough() {
        return state.resumePoint().watermark();
    }

    /** A snapshot of the counters so far. */
    public MirrorReport report() {
        return report.build(scanner, completedThrough());
    }

    /** Persists the state without end-of-input diagnostics (for an input that was cut off). */
    @Override
    public void close() throws JournalScanException {
        try {
            if (fatal == null) {
                persist();
                flushManifest();
                throwIfFatal();
            }
        } finally {
            undoLog.close();
            state.close();
        }
    }

    private void checkUsable() throws JournalScanException {
        throwIfFatal();
        if (finished) {
            throw new IllegalStateException("mirror input already finished");
        }
    }

    private void throwIfFatal() throws JournalScanException {
        if (fatal != null) {
            throw fatal;
        }
    }

    /**
     * Applies one transaction, crash-safely: the state log records that it begins, with the manifest's
     * hash; its operations run; then {@link #persist} logs its manifest changes and the resume point in
     * one append. After a kill the same transaction comes again (it is not finished in the state). If
     * the manifest as the state records it (file plus logged changes) differs from the logged hash, the
     * kill came after its changes were recorded (a state written by an older kemu, which wrote the
     * manifest file first): the transaction was wholly applied and is skipped. Otherwise the manifest is from before it and the tree may hold some
     * of its effects: it is re-applied in recovery mode ({@link MirrorTree#recovering}), where an effect
     * found already done on disk still makes its manifest change.
     */
    private void applyTransaction(Transaction tx) {
        boolean recovering = interruptedEnd != 0 && tx.endTransid() == interruptedEnd;
        interruptedEnd = 0;
        if (recovering && interruptedAfterManifest) {
            report.applied++;
            return;
        }
        try {
            state.beginApplying(tx.endTransid(), manifest.hash());
        } catch (JournalScanException e) {
            fatal = e;
            return;
        }
        report.context(tx);
        tree.recovering(recovering);
        try {
            boolean ok = true;
            int index = 0;
            for (Operation op : OperationParser.parse(tx)) {
                forward.beginOperation(index++);
                try {
                    forward.apply(op);
                } catch (JournalScanException e) {
                    reject(tx, op.typeName(), e);
                    ok = false;
                }
            }
            if (ok) {
                report.applied++;
            }
        } catch (JournalScanException e) {
            reject(tx, "record", e);
        } finally {
            tree.recovering(false);
            report.context(null);
            keepBeforeImages(tx);
        }
    }

    /**
     * Appends the manifest's before-images of {@code tx} and its link lines to the undo log, before
     * {@link #persist} finishes the transaction in the state: an applied transaction always has them.
     */
    private void keepBeforeImages(Transaction tx) {
        List<String> images = new java.util.ArrayList<>(manifest.drainBeforeImages());
        images.addAll(forward.drainLinkHints());
        if (fatal == null && !images.isEmpty()) {
            try {
                undoLog.record(tx.endTransid(), images);
            } catch (JournalScanException e) {
                fatal = e;
            }
        }
    }

    private void reject(Transaction tx, String what, JournalScanException e) {
        ScanProblem p = new ScanProblem(e.kind(), tx.beginOffset(), OptionalLong.of(tx.beginTransid()),
                String.format("stream 0x%04x %s: %s", tx.streamId(), what, e.reason()));
        report.problem(p);
        report.rejected++;
        try {
            state.reject(tx.endTransid(), p.toString());
        } catch (JournalScanException io) {
            fatal = io;
        }
    }

    /**
     * Persists the resume point with the node-manifest changes since the last call, in one append to
     * the state log (see {@link MirrorState}): a kill keeps both or neither. The manifest file itself
     * is rewritten by {@link #flushManifest} once per chunk fed and before every checkpoint, not per
     * transaction (its atomic replace is the costliest write of a transaction).
     */
    private void persist() {
        if (fatal != null) {
            return;
        }
        try {
            List<String> changes = manifest.drainChanges();
            probe.before("state");
            state.save(scanner.resumePoint(), changes);
        } catch (JournalScanException e) {
            fatal = e;
        }
    }

    /** Rewrites the manifest file when it lacks logged changes (call only right after {@link #persist}). */
    private void flushManifest() {
        if (fatal != null) {
            return;
        }
        try {
            writeManifest();
        } catch (IOException e) {
            fatal = new JournalScanException(ProblemKind.IO, "cannot write " + NodeManifest.fileUnder(root) + ": " + e, e);
        }
    }

    /** The manifest file as the state records it: every change is logged before the file is written. */
    private void writeManifest() throws IOException {
        if (manifest.isDirty()) {
            probe.before("manifest");
            manifest.writeUnder(root);
            manifest.markClean();
        }
    }

    static Path realRoot(Path root) throws JournalScanException {
        try {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new JournalScanException(ProblemKind.IO, "mirror root " + root + " is not a directory");
            }
            return real;
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "mirror root " + root + " is not usable: " + e, e);
        }
    }

    private final class Listener implements JournalScanner.Listener {
        @Override
        public void onTransaction(Transaction tx) {
            if (fatal != null) {
                return;
            }
            if (tx.isControl()) {
                report.control++;
            } else if (tx.isAborted()) {
                report.aborted++;
            } else {
                applyTransaction(tx);
            }
            persist();
        }

        @Override
        public void onProblem(ScanProblem problem) {
            report.problem(problem);
        }

        @Override
        public void onDuplicate(long endTransid, long endOffset) {
            report.duplicates++;
        }
    }
}
