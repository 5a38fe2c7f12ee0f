package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ResumePoint;
import io.kemu.journal.scan.Transids;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A mirror's restart state, kept in its state directory, <em>outside</em> the mirror root so that the
 * root holds nothing but the mirrored tree (and its {@link NodeManifest}): by default the sibling
 * {@code <parent>/.<rootname>.kemu-state/} ({@link #defaultDirectory}), or the directory given as
 * {@link MirrorOptions#stateDirectory()}. It holds:
 * <ul>
 *   <li>{@code transid}: a checkpoint of the {@link ResumePoint}. Line 1 is the watermark as 16
 *       lowercase hex digits (the format of jscan's {@code -m} transid file); each further line is
 *       {@code +} and 16 hex digits, the END transid of a transaction finished above the watermark;
 *       a last line {@code @} and 16 hex digits names the epoch of the log that continues it. Missing
 *       file: nothing applied yet (watermark 0). Rewritten atomically (temporary file, then rename),
 *       and only now and then (see below).</li>
 *   <li>{@code transid.log}: what happened since the checkpoint, appended one line at a time. Line 1
 *       is {@code @} and the epoch; a log whose epoch is not the checkpoint's is stale (a crash
 *       between writing a new checkpoint and resetting the log) and ignored. Then lines {@code a W
 *       [+E ...]} (the watermark became W, END transids E finished above it) and {@code b E HASH}
 *       (applying the transaction that ends at E begins; HASH identifies the node manifest on disk
 *       just before, see {@link NodeManifest#hash()}). A {@code b} without a later line that
 *       finishes E is the transaction a kill interrupted: {@link #interrupted()}. Before the {@code
 *       a} line that finishes a transaction, in the same write, come its node-manifest changes
 *       ({@code m LINE} or {@code r PATH}, see {@link NodeManifest#drainChanges()}); they count only
 *       once a later {@code a} (or {@code c}, commit without a resume point) follows, so a kill
 *       halfway through them loses them together with the transaction's end. The manifest file in the
 *       root is rewritten only now and then and always before a checkpoint, so the manifest is that
 *       file with the logged changes replayed on it ({@link #loggedManifestChanges()}), which is
 *       idempotent.</li>
 *   <li>{@code rejected}: one line per transaction the mirror refused or failed to apply, {@code <END
 *       transid as 16 hex digits> <reason>}. Undo reads it so it never reverses what was never
 *       applied.</li>
 * </ul>
 * The directory is created with the first state written. With {@code fsync}, every file is forced to
 * disk before the call returns.
 *
 * <p>Cost: saving a resume point that only moves forward appends one line to the log, kept open
 * (O(1), however many transactions are finished above the watermark, e.g. behind one transaction that
 * stays open); the checkpoint is rewritten when the log has grown to {@link #COMPACT_FACTOR} times the checkpoint's
 * size (plus {@link #COMPACT_SLACK} bytes), so that rewriting it costs O(1) per transaction amortised,
 * and when a resume point moves backwards (undo). Transids are ordered unsigned.
 */
public final class MirrorState {
    /** Appended to {@code "." + rootname} to name the default state directory beside the root. */
    public static final String DEFAULT_DIRECTORY_SUFFIX = ".kemu-state";
    public static final String TRANSID_FILE = "transid";
    public static final String REJECTED_FILE = "rejected";
    public static final String LOG_FILE = "transid.log";
    /** The log may grow to this many times the checkpoint's size before the checkpoint is rewritten. */
    static final int COMPACT_FACTOR = 8;
    /** ... plus this many bytes (a checkpoint also rewrites the node manifest: keep them rare). */
    static final int COMPACT_SLACK = 64 * 1024;

    /** A transaction whose application began and did not finish: a kill interrupted it. */
    public record Interrupted(long endTransid, String manifestHash) {
    }

    private final Path dir;
    private final Path transidFile;
    private final Path rejectedFile;
    private final Path logFile;
    private final boolean fsync;
    private ResumePoint resumePoint;
    /** The checkpoint's log epoch; 0: no log continues the checkpoint yet. */
    private long epoch;
    /** True when lines appended to the log extend the checkpoint (else the next write checkpoints). */
    private boolean logValid;
    private long logBytes;
    private long checkpointBytes;
    private long bytesWritten;
    private Interrupted interrupted;
    /** The log, open for appending; null until the first append after a checkpoint or {@link #close()}. */
    private FileChannel log;
    /** Node-manifest changes logged since the checkpoint and committed (see the class comment). */
    private final List<String> manifestChanges = new ArrayList<>();
    /** Writes the node manifest's file before a checkpoint drops the logged changes; null: none. */
    private ManifestWriter manifestWriter;
    /** Loaded on first use only (undo needs it, a mirror run only appends). */
    private Map<Long, String> rejected;

    /** Writes the node manifest's file as the state records it (its logged changes included). */
    @FunctionalInterface
    interface ManifestWriter {
        void write() throws IOException;
    }

    private MirrorState(Path dir, boolean fsync) {
        this.dir = dir;
        this.transidFile = dir.resolve(TRANSID_FILE);
        this.rejectedFile = dir.resolve(REJECTED_FILE);
        this.logFile = dir.resolve(LOG_FILE);
        this.fsync = fsync;
    }

    /**
     * The default state directory of the mirror at {@code realRoot} (an absolute, real path): {@code
     * <parent>/.<rootname>.kemu-state}. The file-system root has no parent and so no default.
     */
    public static Path defaultDirectory(Path realRoot) throws JournalScanException {
        Path parent = realRoot.getParent();
        Path name = realRoot.getFileName();
        if (parent == null || name == null) {
            throw new JournalScanException(ProblemKind.IO, "mirror root " + realRoot
                    + " has no parent directory to keep its state beside; choose a state directory");
        }
        return parent.resolve("." + name + DEFAULT_DIRECTORY_SUFFIX);
    }

    /**
     * The state directory for the mirror at {@code realRoot} under {@code options}: the chosen one or
     * the default, made absolute. Refuses a directory inside the mirror root (the journal could then
     * rewrite the mirror's own bookkeeping, and the tree would not compare equal to its source), and a
     * root that still holds the state of an older kemu ({@code ROOT/.kemu/transid}), which would
     * otherwise be ignored and the whole stream applied again.
     */
    public static Path locate(Path realRoot, MirrorOptions options) throws JournalScanException {
        Path legacy = realRoot.resolve(NodeManifest.DIRECTORY).resolve(TRANSID_FILE);
        if (Files.exists(legacy, LinkOption.NOFOLLOW_LINKS)) {
            throw new JournalScanException(ProblemKind.IO, legacy + " is restart state kept inside the mirror by an"
                    + " older kemu; move it (and " + REJECTED_FILE + " beside it) to " + defaultDirectory(realRoot));
        }
        if (options.stateDirectory() == null) {
            return defaultDirectory(realRoot);
        }
        Path dir = options.stateDirectory().toAbsolutePath().normalize();
        Path real = dir;
        try {
            if (Files.exists(dir)) {
                real = dir.toRealPath();
            }
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "state directory " + dir + " is not usable: " + e, e);
        }
        if (dir.startsWith(realRoot) || real.startsWith(realRoot)) {
            throw new JournalScanException(ProblemKind.IO, "state directory " + dir + " lies inside the mirror root "
                    + realRoot + "; it must be outside");
        }
        return dir;
    }

    /**
     * Loads the state kept in {@code dir} (creating nothing). {@code dir}, if present, must be a real
     * directory: state is never written through a symlink.
     */
    public static MirrorState load(Path dir, boolean fsync) throws JournalScanException {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory()) {
                throw new JournalScanException(ProblemKind.IO, dir + " exists but is not a directory"
                        + (a.isSymbolicLink() ? " (a symbolic link)" : ""));
            }
        } catch (NoSuchFileException e) {
            // a fresh mirror: the directory is created with the first state written
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot read " + dir + ": " + e, e);
        }
        MirrorState s = new MirrorState(dir, fsync);
        s.readCheckpoint();
        s.readLog();
        return s;
    }

    /**
     * Refuses a state directory that holds something else: it must be absent, empty, or hold a
     * {@code transid} file. Keeps {@code --state ~} from mixing kemu's files into a user's.
     */
    void checkOwned() throws JournalScanException {
        if (exists() || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var listing = Files.list(dir)) {
            if (listing.findAny().isPresent()) {
                throw new JournalScanException(ProblemKind.IO, "state directory " + dir + " is not empty and holds no"
                        + " kemu mirror state (no " + TRANSID_FILE + " file); choose an empty or new directory");
            }
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot read " + dir + ": " + e, e);
        }
    }

    /**
     * The node-manifest changes logged since the checkpoint, in order, to replay on the manifest file
     * ({@link NodeManifest#replay}); their owner must then call {@link #writeManifestWith} so that a
     * checkpoint writes them to the file before it drops them.
     */
    List<String> loggedManifestChanges() {
        return List.copyOf(manifestChanges);
    }

    void writeManifestWith(ManifestWriter writer) {
        this.manifestWriter = writer;
    }

    /** Writes a checkpoint of the current resume point now (the manifest file first, see above). */
    void checkpointNow() throws JournalScanException {
        checkpoint(resumePoint);
    }

    /** Writes the first checkpoint (watermark 0) if there is none: from now on this is a kemu mirror's state. */
    void initialize() throws JournalScanException {
        if (!exists()) {
            checkpoint(resumePoint);
        }
    }

    /** Closes the log file kept open for appending (a later write opens it again). */
    public void close() throws JournalScanException {
        try {
            closeLog();
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot close " + logFile + ": " + e, e);
        }
    }

    private void closeLog() throws IOException {
        if (log != null) {
            FileChannel ch = log;
            log = null;
            ch.close();
        }
    }

    /** True when a transid file exists: something was mirrored with this state. */
    public boolean exists() {
        return Files.exists(transidFile, LinkOption.NOFOLLOW_LINKS);
    }

    /** The file holding the resume point, for messages. */
    /** True when every file of the state is forced to disk as it is written. */
    boolean fsync() {
        return fsync;
    }

    public Path transidFile() {
        return transidFile;
    }

    public ResumePoint resumePoint() {
        return resumePoint;
    }

    /** END transids of rejected transactions, with the recorded reason (read from the file once). */
    public Map<Long, String> rejected() throws JournalScanException {
        if (rejected == null) {
            rejected = readRejected();
        }
        return java.util.Collections.unmodifiableMap(rejected);
    }

    /**
     * Persists {@code point} if it differs from the stored one: one appended log line when it only
     * moves forward, else (or when the log has grown enough) a new checkpoint.
     */
    public void save(ResumePoint point) throws JournalScanException {
        save(point, List.of());
    }

    /**
     * Persists {@code point} together with the node-manifest changes made since the last save ({@link
     * NodeManifest#drainChanges()}): one write holds them and the line that finishes the transaction,
     * so a kill keeps both or neither. A step that needs a checkpoint logs the changes first (with a
     * {@code c} line), then the checkpoint writes the manifest file and drops them.
     */
    void save(ResumePoint point, List<String> changes) throws JournalScanException {
        if (!changes.isEmpty()) {
            if (!logValid) {
                // beginApplying made the log valid before the changes were made; a checkpoint here would
                // write them to the manifest file before they are logged
                throw new IllegalStateException("node-manifest changes without a transaction begun");
            }
            StringBuilder sb = new StringBuilder();
            for (String c : changes) {
                sb.append(c).append('\n');
            }
            List<Long> added = point.equals(resumePoint) ? List.of() : forwardDelta(resumePoint, point);
            if (added == null) {
                append(sb.append("c\n").toString());
                manifestChanges.addAll(changes);
                checkpoint(point);
                return;
            }
            append(aLine(point, added, sb).toString());
            manifestChanges.addAll(changes);
            resumePoint = point;
            if (interrupted != null && point.isFinished(interrupted.endTransid())) {
                interrupted = null;
            }
            if (logBytes > COMPACT_SLACK + (long) COMPACT_FACTOR * checkpointBytes) {
                checkpoint(point);
            }
            return;
        }
        if (point.equals(resumePoint)) {
            return;
        }
        List<Long> added = forwardDelta(resumePoint, point);
        if (added == null || !logValid || logBytes > COMPACT_SLACK + (long) COMPACT_FACTOR * checkpointBytes) {
            checkpoint(point);
            return;
        }
        append(aLine(point, added, new StringBuilder()).toString());
        resumePoint = point;
        if (interrupted != null && point.isFinished(interrupted.endTransid())) {
            interrupted = null;
        }
    }

    private static StringBuilder aLine(ResumePoint point, List<Long> added, StringBuilder line) {
        line.append("a ").append(Transids.hex16(point.watermark()));
        for (long t : added) {
            line.append(" +").append(Transids.hex16(t));
        }
        return line.append('\n');
    }

    /**
     * Records that applying the transaction ending at {@code endTransid} begins, with the hash of the
     * node manifest on disk; {@link #interrupted()} returns it after a kill until a later {@link
     * #save} counts it finished.
     */
    public void beginApplying(long endTransid, String manifestHash) throws JournalScanException {
        if (!logValid) {
            checkpoint(resumePoint);
        }
        append("b " + Transids.hex16(endTransid) + " " + manifestHash + "\n");
        interrupted = new Interrupted(endTransid, manifestHash);
    }

    /** The transaction a kill interrupted while it was being applied, if any (see {@link #beginApplying}). */
    public java.util.Optional<Interrupted> interrupted() {
        return java.util.Optional.ofNullable(interrupted);
    }

    /** Bytes written to the resume-point files so far (checkpoints and log lines), for cost checks. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * The END transids {@code to} adds to {@code from}'s, or null when {@code to} is not {@code from}
     * moved forward (a lower watermark, or a finished transaction forgotten above the new watermark).
     */
    private static List<Long> forwardDelta(ResumePoint from, ResumePoint to) {
        if (Transids.isAfter(from.watermark(), to.watermark())) {
            return null;
        }
        // both lists are sorted (unsigned): one merge, O(n)
        List<Long> old = from.finishedAbove();
        List<Long> now = to.finishedAbove();
        List<Long> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < old.size() || j < now.size()) {
            int c = i == old.size() ? 1 : j == now.size() ? -1 : Transids.compare(old.get(i), now.get(j));
            if (c == 0) {
                i++;
                j++;
            } else if (c < 0) {
                if (Transids.isAfter(old.get(i), to.watermark())) {
                    return null;
                }
                i++;
            } else {
                added.add(now.get(j++));
            }
        }
        return added;
    }

    /** Writes {@code point} as a new checkpoint with a new log epoch, then starts that log. */
    private void checkpoint(ResumePoint point) throws JournalScanException {
        long newEpoch = epoch + 1;
        StringBuilder sb = new StringBuilder(Transids.hex16(point.watermark())).append('\n');
        for (long t : point.finishedAbove()) {
            sb.append('+').append(Transids.hex16(t)).append('\n');
        }
        sb.append('@').append(Transids.hex16(newEpoch)).append('\n');
        try {
            if (manifestWriter != null) {
                manifestWriter.write();
            }
            Files.createDirectories(dir);
            Path tmp = transidFile.resolveSibling(TRANSID_FILE + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
            force(tmp);
            Files.move(tmp, transidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            String header = "@" + Transids.hex16(newEpoch) + "\n";
            closeLog();
            Files.writeString(logFile, header, StandardCharsets.US_ASCII);
            force(logFile);
            bytesWritten += sb.length() + header.length();
            checkpointBytes = sb.length();
            logBytes = header.length();
            manifestChanges.clear();
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot write " + transidFile + ": " + e, e);
        }
        epoch = newEpoch;
        logValid = true;
        resumePoint = point;
        if (interrupted != null) {
            if (point.isFinished(interrupted.endTransid())) {
                interrupted = null;
            } else {
                beginApplying(interrupted.endTransid(), interrupted.manifestHash());
            }
        }
    }

    private void append(String line) throws JournalScanException {
        try {
            if (log == null) {
                log = FileChannel.open(logFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (bb.hasRemaining()) {
                log.write(bb);
            }
            if (fsync) {
                log.force(false);
            }
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot write " + logFile + ": " + e, e);
        }
        bytesWritten += line.length();
        logBytes += line.length();
    }

    /** Records a rejected transaction. */
    public void reject(long endTransid, String reason) throws JournalScanException {
        String oneLine = reason.replace('\n', ' ');
        if (rejected != null) {
            rejected.put(endTransid, oneLine);
        }
        try {
            Files.createDirectories(rejectedFile.getParent());
            Files.writeString(rejectedFile, Transids.hex16(endTransid) + " " + oneLine + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            force(rejectedFile);
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot write " + rejectedFile + ": " + e, e);
        }
    }

    /** Forgets rejections of transactions {@code point} does not count as finished (they will be re-read). */
    public void keepRejectedFinishedBy(ResumePoint point) throws JournalScanException {
        rejected();
        if (!rejected.keySet().removeIf(t -> !point.isFinished(t))) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        rejected.forEach((t, reason) -> sb.append(Transids.hex16(t)).append(' ').append(reason).append('\n'));
        try {
            Path tmp = rejectedFile.resolveSibling(REJECTED_FILE + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            force(tmp);
            Files.move(tmp, rejectedFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot write " + rejectedFile + ": " + e, e);
        }
    }

    private void force(Path file) throws IOException {
        if (fsync) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
    }

    private void readCheckpoint() throws JournalScanException {
        List<String> lines;
        try {
            lines = Files.readAllLines(transidFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            resumePoint = ResumePoint.START;
            return;
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot read " + transidFile + ": " + e, e);
        }
        if (lines.isEmpty()) {
            throw new JournalScanException(ProblemKind.IO, transidFile + ": empty state file");
        }
        try {
            long watermark = parseHex16(lines.get(0));
            List<Long> above = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("@") && i == lines.size() - 1) {
                    epoch = parseHex16(line.substring(1));
                } else if (line.startsWith("+")) {
                    above.add(parseHex16(line.substring(1)));
                } else {
                    throw new IllegalArgumentException("line " + (i + 1) + " does not start with '+'");
                }
            }
            resumePoint = new ResumePoint(watermark, above);
        } catch (IllegalArgumentException e) {
            throw new JournalScanException(ProblemKind.IO, transidFile + ": malformed state file: " + e.getMessage(), e);
        }
    }

    /**
     * Replays the log on top of the checkpoint, if its epoch matches. A last line cut short by a kill
     * (no newline) is ignored; any other malformed line is refused.
     */
    private void readLog() throws JournalScanException {
        if (epoch == 0) {
            return;
        }
        String text;
        try {
            text = Files.readString(logFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot read " + logFile + ": " + e, e);
        }
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals("@" + Transids.hex16(epoch))) {
            return;
        }
        logBytes = text.length();
        logValid = lines[lines.length - 1].isEmpty();
        List<String> pending = new ArrayList<>();
        try {
            for (int i = 1; i < lines.length - 1; i++) {
                if (lines[i].startsWith("m ") || lines[i].startsWith("r ")) {
                    pending.add(lines[i]);
                    continue;
                }
                if (lines[i].equals("c")) {
                    manifestChanges.addAll(pending);
                    pending.clear();
                    continue;
                }
                String[] f = lines[i].split(" ");
                if (f[0].equals("a") && f.length >= 2) {
                    manifestChanges.addAll(pending);
                    pending.clear();
                    NavigableSet<Long> above = new TreeSet<>(Transids.UNSIGNED);
                    above.addAll(resumePoint.finishedAbove());
                    long w = parseHex16(f[1]);
                    for (int k = 2; k < f.length; k++) {
                        if (!f[k].startsWith("+")) {
                            throw new IllegalArgumentException("expected +TRANSID, got '" + f[k] + "'");
                        }
                        above.add(parseHex16(f[k].substring(1)));
                    }
                    resumePoint = new ResumePoint(w, new ArrayList<>(above.tailSet(w, false)));
                    if (interrupted != null && resumePoint.isFinished(interrupted.endTransid())) {
                        interrupted = null;
                    }
                } else if (f[0].equals("b") && f.length == 3) {
                    interrupted = new Interrupted(parseHex16(f[1]), f[2]);
                } else {
                    throw new IllegalArgumentException("unknown line '" + lines[i] + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new JournalScanException(ProblemKind.IO, logFile + ": malformed state log: " + e.getMessage(), e);
        }
    }

    /** The lines of a small state file; a missing file has none. */
    static List<String> readLinesOrNone(Path file, java.nio.charset.Charset charset) throws JournalScanException {
        try {
            return Files.readAllLines(file, charset);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot read " + file + ": " + e, e);
        }
    }

    private Map<Long, String> readRejected() throws JournalScanException {
        Map<Long, String> map = new TreeMap<>();
        final List<String> lines = readLinesOrNone(rejectedFile, StandardCharsets.UTF_8);
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            try {
                int sp = line.indexOf(' ');
                map.put(parseHex16(sp < 0 ? line : line.substring(0, sp)), sp < 0 ? "" : line.substring(sp + 1));
            } catch (IllegalArgumentException e) {
                throw new JournalScanException(ProblemKind.IO, rejectedFile + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        return map;
    }

    private static long parseHex16(String text) {
        if (text.length() != 16) {
            throw new IllegalArgumentException("expected 16 hex digits, got '" + text + "'");
        }
        return Long.parseUnsignedLong(text, 16);
    }
}
