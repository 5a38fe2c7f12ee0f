package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.Transids;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the journal cannot tell an undo: for each applied transaction that changed the node manifest,
 * the manifest lines of the paths it touched as they were before it ({@link
 * NodeManifest#drainBeforeImages()}). The kernel journals no old value of an extended attribute, and
 * nothing says a create replaced a whiteout or that a removed file had attributes only the manifest
 * holds; with these lines {@link Undo} puts the manifest back exactly.
 *
 * <p>File {@code undo.log} in the mirror's state directory, append-only, ASCII:
 * <pre>
 *   header = "kemu-undo-log 1 from " hex16 "\n"      ; transactions ending after it are all covered
 *   entry  = hex16 *( "\t" change ) "\n"              ; END transid, then its lines:
 *   change = ("m " line | "r " path)                   ; a before-image, in drainChanges' format
 *          | "l " op-index " " path " " other          ; a removed or replaced name had other links
 * </pre>
 * A link line says that operation {@code op-index} of the transaction removed (or renamed over) the
 * name {@code path} of a file (or symlink, or special node) that still had the name {@code other} (escaped as in the
 * manifest): the undo links {@code path} back to {@code other}'s file instead of recreating a
 * separate one, so the names share it again, as the journal alone cannot tell.
 * Changes hold no tab or newline (the manifest escapes both). An entry is written before the state
 * log finishes its transaction, so a transaction the state counts as applied has its entry; a
 * transaction applied again after a kill appends the same entry again (the manifest it starts from is
 * the same), and the last complete entry of a transid wins. A torn last line is ignored, and cut off
 * before the next append.
 * A mirror whose state predates this file gets one whose {@code from} is its watermark then: the
 * transactions at or below it are not covered ({@link #covers}).
 */
final class UndoLog {
    static final String FILE_NAME = "undo.log";
    private static final String HEADER = "kemu-undo-log 1 from ";

    private final Path file;
    private final boolean fsync;
    private final long from;
    private FileChannel channel;

    private UndoLog(Path file, boolean fsync, long from) {
        this.file = file;
        this.fsync = fsync;
        this.from = from;
    }

    /**
     * The log beside {@code state}'s files; when there is none yet, a new one covering the
     * transactions after {@code fromIfNew} (START for a new mirror, the watermark for an older one).
     */
    static UndoLog open(MirrorState state, long fromIfNew) throws JournalScanException {
        Path file = state.transidFile().resolveSibling(FILE_NAME);
        Optional<Long> from = readFrom(file);
        dropTornTail(file);
        UndoLog log = new UndoLog(file, state.fsync(), from.orElse(fromIfNew));
        if (from.isEmpty()) {
            log.append(HEADER + Transids.hex16(fromIfNew) + "\n");
        }
        return log;
    }

    /**
     * The log beside {@code state}'s files for reading, or empty when this mirror never kept one
     * (it was made by a kemu before the log existed).
     */
    static Optional<UndoLog> existing(MirrorState state) throws JournalScanException {
        Path file = state.transidFile().resolveSibling(FILE_NAME);
        return readFrom(file).map(from -> new UndoLog(file, state.fsync(), from));
    }

    /** True when every transaction ending at {@code endTransid} that changed the manifest has an entry. */
    boolean covers(long endTransid) {
        return Transids.isAfter(endTransid, from);
    }

    /** Appends the before-images of the transaction ending at {@code endTransid} (none: nothing written). */
    void record(long endTransid, List<String> beforeImages) throws JournalScanException {
        if (beforeImages.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(Transids.hex16(endTransid));
        for (String change : beforeImages) {
            sb.append('\t').append(change);
        }
        append(sb.append('\n').toString());
    }

    /** A link line of an entry: operation {@code opIndex} removed {@code path}, which shared its file with {@code other}. */
    record Link(int opIndex, String path, String other) {
        static final String PREFIX = "l ";

        static Link parse(String change) {
            String[] f = change.substring(PREFIX.length()).split(" ");
            if (f.length != 3) {
                throw new IllegalArgumentException("not an undo-log link line: '" + change + "'");
            }
            return new Link(Integer.parseInt(f[0]), NodeManifest.unescape(f[1]), NodeManifest.unescape(f[2]));
        }
    }

    /** Every entry, the last complete one of each transid. */
    Map<Long, List<String>> entries() throws JournalScanException {
        Map<Long, List<String>> map = new HashMap<>();
        List<String> lines = completeLines(file);
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split("\t", -1);
            try {
                map.put(Long.parseUnsignedLong(fields[0], 16), List.copyOf(Arrays.asList(fields).subList(1, fields.length)));
            } catch (NumberFormatException e) {
                throw new JournalScanException(ProblemKind.IO, file + ":" + (i + 1) + ": not an undo-log entry", e);
            }
        }
        return map;
    }

    private static Optional<Long> readFrom(Path file) throws JournalScanException {
        List<String> lines = completeLines(file);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String header = lines.get(0);
        if (!header.startsWith(HEADER)) {
            throw new JournalScanException(ProblemKind.IO, file + ": not a kemu undo log");
        }
        try {
            return Optional.of(Long.parseUnsignedLong(header.substring(HEADER.length()), 16));
        } catch (NumberFormatException e) {
            throw new JournalScanException(ProblemKind.IO, file + ": malformed header", e);
        }
    }

    /** Cuts off a last line without its newline (a kill during an append), so the next append starts a line. */
    private static void dropTornTail(Path file) throws JournalScanException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long end = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                ch.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < size) {
                ch.truncate(end);
            }
        } catch (NoSuchFileException e) {
            // a new log: nothing to cut
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot repair " + file + ": " + e, e);
        }
    }

    /** The lines that end with a newline (a torn tail is not one); none when the file is missing. */
    private static List<String> completeLines(Path file) throws JournalScanException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot read " + file + ": " + e, e);
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end == 0) {
            return List.of();
        }
        return List.of(new String(bytes, 0, end - 1, StandardCharsets.US_ASCII).split("\n", -1));
    }

    private void append(String text) throws JournalScanException {
        try {
            if (channel == null) {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            ByteBuffer bb = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot write " + file + ": " + e, e);
        }
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was buffered: every append went to the channel
            }
            channel = null;
        }
    }
}
