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
import java.util.TreeMap;

/**
 * A mirror's restart state, kept in its state directory, <em>outside</em> the mirror root so that the
 * root holds nothing but the mirrored tree (and its {@link NodeManifest}): by default the sibling
 * {@code <parent>/.<rootname>.kemu-state/} ({@link #defaultDirectory}), or the directory given as
 * {@link MirrorOptions#stateDirectory()}. It holds:
 * <ul>
 *   <li>{@code transid}: the {@link ResumePoint}. Line 1 is the watermark as 16 lowercase hex digits
 *       (the format of jscan's {@code -m} transid file); each further line is {@code +} and 16 hex
 *       digits, the END transid of a transaction finished above the watermark. Missing file: nothing
 *       applied yet (watermark 0). Rewritten atomically (temporary file, then rename).</li>
 *   <li>{@code rejected}: one line per transaction the mirror refused or failed to apply, {@code <END
 *       transid as 16 hex digits> <reason>}. Undo reads it so it never reverses what was never
 *       applied.</li>
 * </ul>
 * The directory is created with the first state written. With {@code fsync}, both files are forced to
 * disk before the call returns.
 */
public final class MirrorState {
    /** Appended to {@code "." + rootname} to name the default state directory beside the root. */
    public static final String DEFAULT_DIRECTORY_SUFFIX = ".kemu-state";
    public static final String TRANSID_FILE = "transid";
    public static final String REJECTED_FILE = "rejected";

    private final Path transidFile;
    private final Path rejectedFile;
    private final boolean fsync;
    private ResumePoint resumePoint;
    /** Loaded on first use only (undo needs it, a mirror run only appends). */
    private Map<Long, String> rejected;

    private MirrorState(Path dir, boolean fsync) {
        this.transidFile = dir.resolve(TRANSID_FILE);
        this.rejectedFile = dir.resolve(REJECTED_FILE);
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
        s.resumePoint = readResumePoint(s.transidFile);
        return s;
    }

    /** True when a transid file exists: something was mirrored with this state. */
    public boolean exists() {
        return Files.exists(transidFile, LinkOption.NOFOLLOW_LINKS);
    }

    /** The file holding the resume point, for messages. */
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

    /** Persists {@code point} if it differs from the stored one. */
    public void save(ResumePoint point) throws JournalScanException {
        if (point.equals(resumePoint)) {
            return;
        }
        StringBuilder sb = new StringBuilder(Transids.hex16(point.watermark())).append('\n');
        for (long t : point.finishedAbove()) {
            sb.append('+').append(Transids.hex16(t)).append('\n');
        }
        try {
            Files.createDirectories(transidFile.getParent());
            Path tmp = transidFile.resolveSibling(TRANSID_FILE + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
            force(tmp);
            Files.move(tmp, transidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot write " + transidFile + ": " + e, e);
        }
        resumePoint = point;
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

    private static ResumePoint readResumePoint(Path file) throws JournalScanException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return ResumePoint.START;
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot read " + file + ": " + e, e);
        }
        if (lines.isEmpty()) {
            throw new JournalScanException(ProblemKind.IO, file + ": empty state file");
        }
        try {
            long watermark = parseHex16(lines.get(0));
            List<Long> above = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.startsWith("+")) {
                    throw new IllegalArgumentException("line " + (i + 1) + " does not start with '+'");
                }
                above.add(parseHex16(line.substring(1)));
            }
            return new ResumePoint(watermark, above);
        } catch (IllegalArgumentException e) {
            throw new JournalScanException(ProblemKind.IO, file + ": malformed state file: " + e.getMessage(), e);
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
