package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The record of everything a plain directory cannot hold natively: one text file, {@code .kemu/nodes}
 * under the tree's root, with one line per path that has such metadata. It is part of the tree's
 * representation: the mirror keeps it, and the emulated filesystem's export ({@code
 * io.kemu.vfs.workload.TreeExporter}) writes the same file through this class ({@link
 * #writeUnder(Path)}), so {@code diff -r} compares these facts too. The {@code .kemu} directory exists
 * only while the manifest has a line.
 *
 * <h2>Format (version 1)</h2>
 * <pre>
 *   line    = path *( " " field ) "\n"
 *   path    = escaped path relative to the root, "/"-separated; "." for the root itself
 *   field   = "type=" ("fifo" | "chr" | "blk" | "sock" | "whiteout")
 *           | "rdev=0x" hex      ; UDEV as journaled
 *           | "major=" decimal   ; UMAJOR
 *           | "minor=" decimal   ; UMINOR
 *           | "mode=" 4 octal digits   ; full mode, present only when setuid/setgid/sticky are set
 *           | "flags=0x" hex     ; chflags flags, present only when non-zero
 *           | "xattr." escaped-name "=" hex   ; one per extended attribute, value as lowercase hex
 * </pre>
 * Fields appear in exactly that order, xattrs sorted by escaped name. Escaping works on the UTF-8
 * bytes: every byte outside {@code 0x21..0x7E}, and {@code %} and {@code =}, is written as {@code %XX}
 * (uppercase hex), so a line has no spaces besides separators. Lines are sorted by escaped path
 * (ASCII order). The file exists only when it has at least one line. Hex numbers are lowercase without
 * leading zeros.
 *
 * <p>Invariants: keys are normalised relative paths ("" for the root); no stored entry is {@link
 * NodeMeta#isEmpty() empty}.
 */
public final class NodeManifest {
    /** The directory under a tree's root that holds the manifest (refused as a journal path). */
    public static final String DIRECTORY = ".kemu";
    /** The manifest's file name inside {@link #DIRECTORY}. */
    public static final String FILE_NAME = "nodes";

    private static final HexFormat HEX = HexFormat.of();

    /** {@code root/.kemu/nodes}. */
    public static Path fileUnder(Path root) {
        return root.resolve(DIRECTORY).resolve(FILE_NAME);
    }

    /**
     * Reads the manifest of the tree at {@code root}; none is an empty manifest. A {@code .kemu} that
     * is not a real directory is refused (the manifest is never read through a symlink).
     */
    public static NodeManifest readUnder(Path root) throws JournalScanException {
        Path dir = root.resolve(DIRECTORY);
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory()) {
                throw new JournalScanException(ProblemKind.IO, dir + " exists but is not a directory"
                        + (a.isSymbolicLink() ? " (a symbolic link)" : ""));
            }
        } catch (NoSuchFileException e) {
            return new NodeManifest();
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, "cannot read " + dir + ": " + e, e);
        }
        return read(dir.resolve(FILE_NAME));
    }

    /**
     * Identifies the manifest's current contents ({@code -} for none): {@code s} and 32 hex digits, the
     * sum modulo 2^128 of the first 128 bits of each line's SHA-256 (a multiset hash, kept up to date
     * line by line, so O(1) per change however large the manifest). The mirror logs it before applying
     * a transaction, when the contents are what its state records (the file plus the logged changes,
     * see {@link #drainChanges()}), to tell after a kill whether that record is from before the
     * transaction or already from after it.
     */
    public String hash() {
        if (lines.isEmpty()) {
            return "-";
        }
        return "s" + HEX.toHexDigits(sumHigh) + HEX.toHexDigits(sumLow);
    }

    /**
     * Whether {@code logged} (a {@link #hash()} from a state log) names the current contents. A state
     * written by an older kemu holds 32 hex digits of the SHA-256 of the whole text ({@link
     * #legacyHashOf}); those are compared as such.
     */
    public boolean matchesHash(String logged) {
        if (logged.length() == 32 && !logged.startsWith("s")) {
            return logged.equals(legacyHashOf(lines.isEmpty() ? null : render()));
        }
        return logged.equals(hash());
    }

    /** The hash of a manifest rendered as {@code text} (null: no manifest) as kemu logged it before the multiset hash. */
    static String legacyHashOf(String text) {
        return text == null ? "-" : HEX.formatHex(sha256(text), 0, 16);
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Adds ({@code sign} 1) or takes away ({@code sign} -1) {@code line}'s share of the multiset hash. */
    private void account(String line, int sign) {
        final java.nio.ByteBuffer d = java.nio.ByteBuffer.wrap(sha256(line));
        long high = d.getLong();
        long low = d.getLong();
        if (sign < 0) {
            // two's complement of the 128-bit value
            low = -low;
            high = ~high + (low == 0 ? 1 : 0);
        }
        final long sum = sumLow + low;
        sumHigh += high + (Long.compareUnsigned(sum, sumLow) < 0 ? 1 : 0);
        sumLow = sum;
    }

    /**
     * Writes the manifest of the tree at {@code root}: {@code root/.kemu/nodes}, creating {@code .kemu};
     * when the manifest is empty the file is deleted and so is {@code .kemu} if nothing else is in it,
     * so a tree without special metadata has no trace of the manifest. A {@code .kemu} that is not a
     * real directory is refused (the manifest is never written through a symlink).
     */
    public void writeUnder(Path root) throws IOException {
        // one render, one lstat of .kemu, then the temporary file and its rename: the hash is taken of
        // the very bytes written (the text is kept line by line, see lines, so rendering is a concat)
        Path dir = root.resolve(DIRECTORY);
        BasicFileAttributes a = null;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            // created below when needed
        }
        if (a != null && !a.isDirectory()) {
            throw new IOException(dir + " exists but is not a directory" + (a.isSymbolicLink() ? " (a symbolic link)" : ""));
        }
        if (entries.isEmpty()) {
            if (a != null) {
                Files.deleteIfExists(dir.resolve(FILE_NAME));
                try (var listing = Files.list(dir)) {
                    if (listing.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
            return;
        }
        if (a == null) {
            Files.createDirectories(dir);
        }
        byte[] text = render().getBytes(StandardCharsets.US_ASCII);
        writeAtomically(dir.resolve(FILE_NAME), text);
    }

    private final TreeMap<String, NodeMeta> entries = new TreeMap<>();
    /**
     * The rendered line ({@code "path fields\n"}) of every entry, keyed by escaped path: kept in step
     * with {@link #entries} by every change, so that {@link #render()} only concatenates (escaping is
     * injective, so the two maps have the same size; the order is the file's).
     */
    private final TreeMap<String, String> lines = new TreeMap<>();
    private boolean dirty;
    /** The multiset hash of {@link #lines} (see {@link #hash()}), high and low 64 bits. */
    private long sumHigh;
    private long sumLow;
    /** Paths changed since the last {@link #drainChanges()} (not by reading or replaying). */
    private final java.util.Set<String> changed = new java.util.LinkedHashSet<>();
    /**
     * Each path changed since the last {@link #drainBeforeImages()} (not by reading or replaying), by
     * escaped path, with its line as it was before its first change (null: no entry): what {@link Undo}
     * puts back.
     */
    private final Map<String, String> before = new java.util.LinkedHashMap<>();

    /** Reads {@code file}; a missing file is an empty manifest. */
    public static NodeManifest read(Path file) throws JournalScanException {
        NodeManifest m = new NodeManifest();
        final List<String> lines = MirrorState.readLinesOrNone(file, StandardCharsets.US_ASCII);
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            try {
                m.parseLine(line);
            } catch (IllegalArgumentException e) {
                throw new JournalScanException(ProblemKind.IO, file + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        m.changed.clear();
        m.before.clear();
        return m;
    }

    /**
     * The changes since the last call, as state-log lines: {@code "m " + line} (the path's whole new
     * line, without the newline) or {@code "r " + escaped path} (the entry is gone). Each sets one
     * path's final state, so replaying them in order ({@link #replay}) onto a file that already holds
     * some or all of them gives the same manifest: the mirror logs them with each transaction and
     * rewrites the file itself only now and then.
     */
    public List<String> drainChanges() {
        if (changed.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(changed.size());
        for (String path : changed) {
            String key = lineKey(path);
            String line = lines.get(key);
            out.add(line == null ? "r " + key : "m " + line.substring(0, line.length() - 1));
        }
        changed.clear();
        return out;
    }

    /**
     * The state, before the changes made since the last call, of every path they touched, as change
     * lines in {@link #drainChanges()}'s format: replaying them ({@link #replay}) on the manifest as it
     * is after those changes gives it back as it was, for those paths. The mirror keeps them per
     * transaction in its {@link UndoLog}, since the kernel journals no old value for what only the
     * manifest holds (extended attributes, flags, a whiteout a create replaced).
     */
    public List<String> drainBeforeImages() {
        if (before.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(before.size());
        before.forEach((key, line) -> out.add(line == null ? "r " + key : "m " + line.substring(0, line.length() - 1)));
        before.clear();
        return out;
    }

    /**
     * Applies change lines from {@link #drainChanges()} in order; the manifest is then dirty (its file
     * may lack them). A malformed line is refused.
     */
    public void replay(List<String> changes) throws JournalScanException {
        for (String c : changes) {
            try {
                if (c.startsWith("m ")) {
                    parseLine(c.substring(2));
                } else if (c.startsWith("r ") && c.length() > 2) {
                    String key = c.substring(2);
                    unstore(key.equals(".") ? "" : unescape(key));
                } else {
                    throw new IllegalArgumentException("not a manifest change: '" + c + "'");
                }
            } catch (IllegalArgumentException e) {
                throw new JournalScanException(ProblemKind.IO, "logged manifest change: " + e.getMessage(), e);
            }
            dirty = true;
        }
        changed.clear();
        before.clear();
    }

    /** Writes the manifest to {@code file} atomically, or deletes the file when the manifest is empty. */
    public void write(Path file) throws IOException {
        if (entries.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        writeAtomically(file, render().getBytes(StandardCharsets.US_ASCII));
    }

    private static void writeAtomically(Path file, byte[] text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The file's exact contents. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        lines.values().forEach(sb::append);
        return sb.toString();
    }

    /** Stores {@code meta} (not empty, owned by this manifest) as the entry of {@code path}, and its line. */
    private void store(String path, NodeMeta meta) {
        remember(path);
        entries.put(path, meta);
        changed.add(path);
        String key = lineKey(path);
        String line = key + renderFields(meta) + "\n";
        String old = lines.put(key, line);
        if (old != null) {
            account(old, -1);
        }
        account(line, 1);
    }

    private NodeMeta unstore(String path) {
        if (entries.containsKey(path)) {
            remember(path);
        }
        NodeMeta old = entries.remove(path);
        if (old != null) {
            String removed = lines.remove(lineKey(path));
            if (removed != null) {
                account(removed, -1);
            }
            changed.add(path);
        }
        return old;
    }

    /** Records {@code path}'s line before its first change since the last {@link #drainBeforeImages()}. */
    private void remember(String path) {
        String key = lineKey(path);
        if (!before.containsKey(key)) {
            before.put(key, lines.get(key));
        }
    }

    private static String lineKey(String path) {
        return escape(path.isEmpty() ? "." : path);
    }

    public Optional<NodeMeta> get(String path) {
        NodeMeta m = entries.get(path);
        return m == null ? Optional.empty() : Optional.of(m.copy());
    }

    /** Stores {@code meta} for {@code path} (removing the entry when it is empty). */
    public void put(String path, NodeMeta meta) {
        NodeMeta old = entries.get(path);
        if (meta.isEmpty()) {
            if (old != null) {
                unstore(path);
                dirty = true;
            }
            return;
        }
        if (!meta.equals(old)) {
            store(path, meta.copy());
            dirty = true;
        }
        assert checkInvariants();
    }

    public void remove(String path) {
        if (unstore(path) != null) {
            dirty = true;
        }
    }

    /** Removes {@code path} and everything below it. */
    public void removeTree(String path) {
        new ArrayList<>(within(path).keySet()).forEach(this::remove);
    }

    /** Moves the entries of {@code from} and everything below it to {@code to}, replacing what was there. */
    public void moveTree(String from, String to) {
        Map<String, NodeMeta> moved = new TreeMap<>();
        for (Map.Entry<String, NodeMeta> e : within(from).entrySet()) {
            moved.put(to + e.getKey().substring(from.length()), e.getValue());
        }
        removeTree(from);
        removeTree(to);
        moved.forEach(this::put);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** True when changed since the last {@link #markClean()}. */
    public boolean isDirty() {
        return dirty;
    }

    public void markClean() {
        dirty = false;
    }

    private boolean checkInvariants() {
        return entries.size() == lines.size() && entries.values().stream().noneMatch(NodeMeta::isEmpty)
                && entries.keySet().stream().noneMatch(k -> k.startsWith("/") || k.endsWith("/"));
    }

    /**
     * The entries of {@code dir} and everything below it, as a view: {@code dir} itself and the keys in
     * ["dir/", "dir0"), which in String order are exactly those starting with "dir/" ('0' follows '/').
     */
    private Map<String, NodeMeta> within(String dir) {
        if (dir.isEmpty()) {
            return entries;
        }
        Map<String, NodeMeta> found = new TreeMap<>(entries.subMap(dir + "/", true, dir + "0", false));
        NodeMeta self = entries.get(dir);
        if (self != null) {
            found.put(dir, self);
        }
        return found;
    }

    private static String renderFields(NodeMeta m) {
        StringBuilder sb = new StringBuilder();
        if (m.type() != null) {
            sb.append(" type=").append(m.type().token());
        }
        if (m.rdev() != null) {
            sb.append(" rdev=0x").append(Long.toHexString(m.rdev()));
        }
        if (m.major() != null) {
            sb.append(" major=").append(Long.toUnsignedString(m.major()));
        }
        if (m.minor() != null) {
            sb.append(" minor=").append(Long.toUnsignedString(m.minor()));
        }
        if (m.mode() != 0) {
            String octal = Integer.toOctalString(m.mode());
            sb.append(" mode=").append("0000", Math.min(4, octal.length()), 4).append(octal);
        }
        if (m.flags() != 0) {
            sb.append(" flags=0x").append(Long.toHexString(m.flags()));
        }
        TreeMap<String, byte[]> xattrs = new TreeMap<>();
        m.xattrs().forEach((name, value) -> xattrs.put(escape(name), value));
        xattrs.forEach((name, value) -> sb.append(" xattr.").append(name).append('=').append(HEX.formatHex(value)));
        return sb.toString();
    }

    private void parseLine(String line) {
        String[] fields = line.split(" ", -1);
        if (fields[0].isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        String path = fields[0].equals(".") ? "" : unescape(fields[0]);
        NodeMeta m = new NodeMeta();
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i];
            int eq = f.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("field without '=': " + f);
            }
            String key = f.substring(0, eq);
            String value = f.substring(eq + 1);
            if (key.startsWith("xattr.")) {
                m.xattr(unescape(key.substring("xattr.".length())), HEX.parseHex(value));
                continue;
            }
            switch (key) {
                case "type" -> m.type(NodeType.fromToken(value));
                case "rdev" -> m.device(parseHex(value), m.major(), m.minor());
                case "major" -> m.device(m.rdev(), Long.parseUnsignedLong(value), m.minor());
                case "minor" -> m.device(m.rdev(), m.major(), Long.parseUnsignedLong(value));
                case "mode" -> m.mode(Integer.parseInt(value, 8));
                case "flags" -> m.flags(parseHex(value));
                default -> throw new IllegalArgumentException("unknown field " + key);
            }
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("entry without fields");
        }
        store(path, m);
    }

    private static long parseHex(String value) {
        if (!value.startsWith("0x")) {
            throw new IllegalArgumentException("expected 0x-prefixed hex: " + value);
        }
        return Long.parseUnsignedLong(value.substring(2), 16);
    }

    /** The escaped form of {@code text} (see the class comment). */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x21 || c > 0x7E || c == '%' || c == '=') {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    static String unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("truncated %-escape in " + text);
                }
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
