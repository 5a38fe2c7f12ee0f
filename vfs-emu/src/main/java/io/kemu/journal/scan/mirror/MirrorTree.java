package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.Names;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.Transaction;
import io.kemu.journal.scan.op.DataRun;
import io.kemu.journal.scan.op.Vattr;
import io.kemu.journal.scan.subrecord.Timespec;
import io.kemu.journal.wire.RecordType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The mirror directory as the appliers see it: safe resolution of journal paths and every filesystem
 * operation a record can cause. The safety rules (each violation is {@link ProblemKind#REFUSED}):
 * <ul>
 *   <li>a journal path must be relative and canonical: no leading {@code /}, no empty, {@code .} or
 *       {@code ..} component, no NUL; its first component must not be {@code .kemu}, the directory
 *       of the node manifest;</li>
 *   <li>every directory on the way to the named entry must be a real directory, not a symlink, so a
 *       path can never lead out of the root;</li>
 *   <li>the named entry itself is never followed: every operation uses {@code NOFOLLOW_LINKS}
 *       ({@code O_NOFOLLOW}, {@code lchown}, {@code lutimes}, {@code rename}, {@code unlink}), and an
 *       operation that would need to follow a symlink (writing data, truncating) is refused;</li>
 *   <li>unless {@link MirrorOptions#allowOutwardSymlinks()}, no symlink may lead out of the root, how
 *       ever it arises: a target must be relative, its {@code ..} components must all come first and
 *       climb no higher than the root, and a rename or hard link that moves a symlink (or a directory
 *       holding one) to another depth checks it again there ({@code checkInward}).</li>
 * </ul>
 * The checks assume nothing else modifies the mirror while it is being applied (no TOCTOU defence
 * against a concurrent local attacker).
 *
 * <p>Metadata that is not native (special node types, setuid/setgid/sticky bits, file flags,
 * extended attributes, whiteouts) goes to the {@link NodeManifest}; see {@link Mirror} for the
 * representation. Inode-wide metadata is written under every hard-linked name of the file.
 */
final class MirrorTree {
    /** A resolved journal path: its normalised relative form ("" for the root) and its location. */
    record Node(String rel, Path path) {
    }

    /**
     * Sees every file-system mutation of the mirror (and the mirror's own state writes) before it
     * happens. Tests throw from it to stop the mirror there, as a kill would.
     */
    interface Probe {
        Probe NONE = what -> { };

        void before(String what);
    }

    private final Path root;
    private final NodeManifest manifest;
    /** Names seen per file key (dev, inode): a hint for {@link #hardLinkNames}, checked before use. */
    private final java.util.Map<Object, Set<String>> linkNames = new java.util.HashMap<>();
    private final MirrorOptions options;
    private final Consumer<String> warnings;
    private final Probe probe;
    /** Re-applying the transaction a kill interrupted: see {@link #recovering(boolean)}. */
    private boolean recovering;

    MirrorTree(Path root, NodeManifest manifest, MirrorOptions options, Consumer<String> warnings) {
        this(root, manifest, options, warnings, Probe.NONE);
    }

    MirrorTree(Path root, NodeManifest manifest, MirrorOptions options, Consumer<String> warnings, Probe probe) {
        this.root = root;
        this.manifest = manifest;
        this.options = options;
        this.warnings = warnings;
        this.probe = probe;
    }

    /**
     * Recovery mode, for the transaction a kill interrupted: the manifest is from before it while the
     * tree may already hold some of its effects. An effect found done (a rename whose source is gone, a
     * special node's placeholder already there) is not an error then, and its manifest change is still
     * made, so the replay ends exactly where one uninterrupted application would have.
     */
    void recovering(boolean value) {
        recovering = value;
    }

    void warn(String message) {
        warnings.accept(message);
    }

    /** Resolves a path leaf (root allowed), checking every rule above for the parent chain. */
    Node resolve(byte[] raw, String leafName) throws JournalScanException {
        if (raw == null) {
            throw new JournalScanException(ProblemKind.MALFORMED, "the record has no " + leafName);
        }
        String s = decode(raw, leafName);
        if (s.isEmpty()) {
            return new Node("", root);
        }
        if (s.startsWith("/")) {
            throw refused(leafName, s, "absolute path");
        }
        String[] comps = s.split("/", -1);
        for (String c : comps) {
            if (c.isEmpty() || c.equals(".")) {
                throw refused(leafName, s, "not a canonical relative path (empty or '.' component)");
            }
            if (c.equals("..")) {
                throw refused(leafName, s, "'..' component");
            }
        }
        if (comps[0].equals(NodeManifest.DIRECTORY)) {
            throw refused(leafName, s, "'" + NodeManifest.DIRECTORY + "' is reserved for the node manifest");
        }
        Path p = root;
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < comps.length - 1; i++) {
            p = resolveComponent(p, comps[i], leafName, s);
            prefix.append(i == 0 ? "" : "/").append(comps[i]);
            BasicFileAttributes a = lstat(p);
            if (a == null) {
                throw new JournalScanException(ProblemKind.FAILED, leafName + " " + Names.quote(s) + ": parent directory "
                        + Names.quote(prefix.toString()) + " does not exist");
            }
            if (a.isSymbolicLink()) {
                throw refused(leafName, s, "path component " + Names.quote(prefix.toString()) + " is a symbolic link");
            }
            if (!a.isDirectory()) {
                throw new JournalScanException(ProblemKind.FAILED, leafName + " " + Names.quote(s) + ": "
                        + Names.quote(prefix.toString()) + " is not a directory");
            }
        }
        return new Node(s, resolveComponent(p, comps[comps.length - 1], leafName, s));
    }

    /** Like {@link #resolve} but the path must name an entry, not the root. */
    Node resolveEntry(byte[] raw, String leafName) throws JournalScanException {
        Node n = resolve(raw, leafName);
        if (n.rel().isEmpty()) {
            throw new JournalScanException(ProblemKind.REFUSED, leafName + " names the mount root itself");
        }
        return n;
    }

    private static Path resolveComponent(Path dir, String component, String leafName, String whole)
            throws JournalScanException {
        try {
            Path p = dir.resolve(component);
            if (!Objects.equals(p.getParent(), dir)) {
                throw refused(leafName, whole, "component " + Names.quote(component) + " does not name a single entry");
            }
            return p;
        } catch (InvalidPathException e) {
            throw new JournalScanException(ProblemKind.UNSUPPORTED, leafName + " " + Names.quote(whole)
                    + ": not representable as a local file name");
        }
    }

    /** {@code lstat}: the attributes of {@code p} itself, or null when it does not exist. */
    static BasicFileAttributes lstat(Path p) throws JournalScanException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failed("lstat", p, e);
        }
    }

    /** Creates an empty regular file; false if a regular file was already there (kept as is). */
    boolean createRegularFile(Node n) throws JournalScanException {
        BasicFileAttributes a = lstat(n.path());
        if (a != null) {
            requireRegular(n, a);
            clearWhiteout(n);
            return false;
        }
        probe.before("create");
        try {
            Files.newByteChannel(n.path(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS).close();
        } catch (IOException e) {
            throw failed("create", n.path(), e);
        }
        clearWhiteout(n);
        return true;
    }

    /** Writes each run's bytes at its offset into the existing regular file {@code n} (which may grow). */
    void writeRuns(Node n, Transaction tx, List<DataRun> runs) throws JournalScanException {
        writeRuns(n, tx, runs, false);
    }

    /**
     * PUTPAGES: writes each run of whole pages at its offset, but only below the file's current
     * size. The kernel journals every page that was written in full ({@code
     * jrecord_write_pagelist()}), while {@code vnode_pager_generic_putpages()} writes no byte at or
     * beyond end of file and never changes the size: the tail of a last partial page is not file data.
     */
    void writePages(Node n, Transaction tx, List<DataRun> runs) throws JournalScanException {
        writeRuns(n, tx, runs, true);
    }

    private void writeRuns(Node n, Transaction tx, List<DataRun> runs, boolean belowSize) throws JournalScanException {
        requireRegular(n, lstat(n.path()));
        probe.before("write");
        try (FileChannel ch = FileChannel.open(n.path(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long end = belowSize ? ch.size() : Long.MAX_VALUE;
            for (DataRun run : runs) {
                long pos = run.offset();
                for (DataRun.Slice slice : run.slices()) {
                    int length = (int) Math.max(0, Math.min(slice.length(), end - pos));
                    ByteBuffer bb = ByteBuffer.wrap(tx.data(), slice.index(), length);
                    long at = pos;
                    while (bb.hasRemaining()) {
                        at += ch.write(bb, at);
                    }
                    pos += slice.length();
                }
            }
            if (options.fsync()) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw failed("write", n.path(), e);
        }
    }

    /** Truncates or extends (with a hole) the regular file {@code n} to {@code size}. */
    void setSize(Node n, long size) throws JournalScanException {
        if (size < 0) {
            throw new JournalScanException(ProblemKind.MALFORMED, "negative SIZE " + size);
        }
        requireRegular(n, lstat(n.path()));
        probe.before("truncate");
        try (FileChannel ch = FileChannel.open(n.path(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long current = ch.size();
            if (size < current) {
                ch.truncate(size);
            } else if (size > current) {
                ch.write(ByteBuffer.allocate(1), size - 1);
            }
        } catch (IOException e) {
            throw failed("truncate", n.path(), e);
        }
    }

    /**
     * Applies the attributes a VATTR carries to the existing entry {@code n}: SIZE (regular files),
     * UID/GID (if enabled), MODES (permission bits natively, setuid/setgid/sticky to the manifest;
     * symlinks have no mode on Linux), FLAGS (manifest), ATIME/MTIME. VTYPE, NLINK, INUM, FSID, GEN,
     * CTIME and device numbers are not attributes one can set.
     */
    void applyAttributes(Node n, Vattr v) throws JournalScanException {
        BasicFileAttributes a = lstat(n.path());
        if (a == null) {
            throw new JournalScanException(ProblemKind.FAILED, Names.quote(n.rel()) + " does not exist");
        }
        probe.before("setattr");
        if (v.size().isPresent() && a.isRegularFile()) {
            setSize(n, v.size().getAsLong());
        }
        if (options.applyOwnership()) {
            setOwner(n, "unix:uid", v.uid());
            setOwner(n, "unix:gid", v.gid());
        }
        if (v.modes().isPresent() && !a.isSymbolicLink()) {
            int mode = (int) v.modes().getAsLong();
            try {
                Files.getFileAttributeView(n.path(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(permissions(mode));
            } catch (IOException e) {
                throw failed("chmod", n.path(), e);
            }
            updateInodeMeta(n, a, m -> m.mode(mode));
        }
        if (v.flags().isPresent()) {
            long flags = v.flags().getAsLong();
            updateInodeMeta(n, a, m -> m.flags(flags));
        }
        FileTime mtime = v.time(RecordType.MTIME).map(Timespec::toFileTime).orElse(null);
        FileTime atime = v.time(RecordType.ATIME).map(Timespec::toFileTime).orElse(null);
        if (mtime != null || atime != null) {
            try {
                Files.getFileAttributeView(n.path(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(mtime, atime, null);
            } catch (IOException e) {
                warn("cannot set times of " + Names.quote(n.rel()) + ": " + describe(e));
            }
        }
    }

    private void setOwner(Node n, String attribute, java.util.OptionalLong id) {
        if (id.isEmpty()) {
            return;
        }
        try {
            Files.setAttribute(n.path(), attribute, (int) id.getAsLong(), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            warn("cannot set " + attribute.substring(5) + " " + Long.toUnsignedString(id.getAsLong()) + " on "
                    + Names.quote(n.rel()) + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * Creates an empty placeholder file for a special node and records its type and, for a character
     * or block device, its device numbers. A FIFO or socket has none: what a VATTR of one carries
     * there (an UNDO's getattr reports 0, as ufs_getattr() does for a non-device) is not recorded.
     */
    void createSpecial(Node n, NodeType type, Vattr v) throws JournalScanException {
        BasicFileAttributes a = lstat(n.path());
        if (a != null) {
            if (a.isSymbolicLink()) {
                throw refused("path", n.rel(), "is a symbolic link");
            }
            NodeType existing = manifest.get(n.rel()).map(NodeMeta::type).orElse(null);
            boolean ownPlaceholder = recovering && existing == null && a.isRegularFile() && a.size() == 0;
            if (!a.isRegularFile() || (existing != type && !ownPlaceholder)) {
                throw new JournalScanException(ProblemKind.FAILED, Names.quote(n.rel()) + " already exists");
            }
        } else {
            createRegularFile(n);
        }
        NodeMeta meta = manifest.get(n.rel()).orElseGet(NodeMeta::new).type(type);
        if (type == NodeType.CHR || type == NodeType.BLK) {
            meta.device(boxed(v.get(RecordType.UDEV)), boxed(v.get(RecordType.UMAJOR)), boxed(v.get(RecordType.UMINOR)));
        } else {
            meta.device(null, null, null);
        }
        manifest.put(n.rel(), meta);
    }

    /** Creates the symlink {@code n} pointing at {@code targetBytes} (SYMLINKDATA: no NUL). */
    void createSymlink(Node n, byte[] targetBytes) throws JournalScanException {
        if (targetBytes == null) {
            throw new JournalScanException(ProblemKind.MALFORMED, "the record has no SYMLINKDATA");
        }
        for (byte b : targetBytes) {
            if (b == 0) {
                throw refused("SYMLINKDATA", "", "NUL inside a symlink target");
            }
        }
        String target = decode(targetBytes, "SYMLINKDATA");
        if (target.isEmpty()) {
            throw new JournalScanException(ProblemKind.FAILED, "empty symlink target for " + Names.quote(n.rel()));
        }
        if (!options.allowOutwardSymlinks()) {
            checkInward(n, target);
        }
        Path targetPath;
        try {
            targetPath = Path.of(target);
        } catch (InvalidPathException e) {
            throw new JournalScanException(ProblemKind.UNSUPPORTED, "symlink target " + Names.quote(target) + ": not a local path");
        }
        if (!targetPath.toString().equals(target)) {
            warn("symlink " + Names.quote(n.rel()) + ": target " + Names.quote(target) + " stored as " + Names.quote(targetPath.toString())
                    + " (Java normalises redundant slashes)");
        }
        BasicFileAttributes a = lstat(n.path());
        if (a != null) {
            if (a.isSymbolicLink() && readLink(n).equals(targetPath)) {
                clearWhiteout(n);
                return;
            }
            throw new JournalScanException(ProblemKind.FAILED, Names.quote(n.rel()) + " already exists");
        }
        probe.before("symlink");
        try {
            Files.createSymbolicLink(n.path(), targetPath);
        } catch (IOException e) {
            throw failed("symlink", n.path(), e);
        }
        clearWhiteout(n);
    }

    private Path readLink(Node n) throws JournalScanException {
        try {
            return Files.readSymbolicLink(n.path());
        } catch (IOException e) {
            throw failed("readlink", n.path(), e);
        }
    }

    /**
     * Refuses a symlink target that could lead out of the root when {@code link} is resolved: an
     * absolute target; more leading {@code ..} components than {@code link}'s directory is deep; or a
     * {@code ..} after a name. The last is refused because the kernel applies {@code ..} to where a
     * symlink <em>leads</em>, not to the name: with {@code d/l -> ..}, {@code x -> d/l/..} is the root's
     * parent, although it reads as {@code d}. With {@code ..} only in front, every climb goes through
     * real directories of the mirror (the link's own ancestors), and every symlink met later on the way
     * obeys the same rule, so no chain leaves the root. Renames and hard links check the link again at
     * its new place.
     */
    private static void checkInward(Node link, String target) throws JournalScanException {
        if (target.startsWith("/")) {
            throw refused("symlink", link.rel(), "target " + Names.quote(target) + " is absolute (points outside the mirror)");
        }
        int depth = link.rel().split("/").length - 1;
        boolean named = false;
        for (String c : target.split("/")) {
            if (c.equals("..")) {
                if (named) {
                    throw refused("symlink", link.rel(), "target " + Names.quote(target) + " has '..' after a name (a"
                            + " symlink on the way could lead it out of the mirror root)");
                }
                if (--depth < 0) {
                    throw refused("symlink", link.rel(), "target " + Names.quote(target) + " climbs out of the mirror root");
                }
            } else if (!c.isEmpty() && !c.equals(".")) {
                named = true;
            }
        }
    }

    /** A hard link {@code dst} to the existing non-directory {@code src}. */
    void link(Node src, Node dst) throws JournalScanException {
        BasicFileAttributes sa = lstat(src.path());
        if (sa == null) {
            throw new JournalScanException(ProblemKind.FAILED, "link source " + Names.quote(src.rel()) + " does not exist");
        }
        if (sa.isDirectory()) {
            throw new JournalScanException(ProblemKind.FAILED, "link source " + Names.quote(src.rel()) + " is a directory");
        }
        BasicFileAttributes da = lstat(dst.path());
        if (da != null) {
            if (Objects.equals(da.fileKey(), sa.fileKey())) {
                clearWhiteout(dst);
                manifest.get(src.rel()).ifPresent(m -> manifest.put(dst.rel(), m));
                return;
            }
            throw new JournalScanException(ProblemKind.FAILED, Names.quote(dst.rel()) + " already exists");
        }
        if (sa.isSymbolicLink() && !options.allowOutwardSymlinks()) {
            checkInward(dst, readLink(src).toString());
        }
        probe.before("link");
        try {
            Files.createLink(dst.path(), src.path());
        } catch (IOException e) {
            throw failed("link", dst.path(), e);
        }
        clearWhiteout(dst);
        manifest.get(src.rel()).ifPresent(m -> manifest.put(dst.rel(), m));
        if (sa.fileKey() != null) {
            Set<String> known = linkNames.computeIfAbsent(sa.fileKey(), k -> new java.util.LinkedHashSet<>());
            known.add(src.rel());
            known.add(dst.rel());
        }
    }

    /**
     * Another name under the root of the non-directory {@code n} (a file, symlink or special node's
     * placeholder), not {@code exclude}, when it has more than one link; null when it has one or is
     * absent. What an undo of its
     * removal links back to ({@link UndoLog}), since the journal does not say which names shared it.
     */
    String otherLinkName(Node n, String exclude) throws JournalScanException {
        BasicFileAttributes a = lstat(n.path());
        if (a == null || a.isDirectory()) {
            return null;
        }
        for (String name : hardLinkNames(n, a)) {
            if (!name.equals(n.rel()) && !name.equals(exclude)) {
                return name;
            }
        }
        return null;
    }

    /**
     * Visits every entry below the root that is not a directory, with its name relative to the root
     * and its attributes, without following symlinks and without entering the manifest's directory.
     */
    private void walkEntries(java.util.function.BiConsumer<String, BasicFileAttributes> visit) throws JournalScanException {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(root.resolve(NodeManifest.DIRECTORY)) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    visit.accept(root.relativize(file).toString(), attrs);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw failed("walk", root, e);
        }
    }

    /** Every name under the root (the manifest's directory aside) of a non-directory whose file key is in {@code keys}, sorted. */
    List<String> namesOf(Set<Object> keys) throws JournalScanException {
        List<String> names = new ArrayList<>();
        walkEntries((rel, attrs) -> {
            if (!attrs.isDirectory() && keys.contains(attrs.fileKey())) {
                names.add(rel);
            }
        });
        names.sort(null);
        return names;
    }

    /** The entry {@code rel}, a name this tree found under its root itself (not one from the journal). */
    Node entry(String rel) {
        return new Node(rel, root.resolve(rel));
    }

    /** Unlinks the non-directory {@code n}; an absent entry is only a warning (a replay). */
    void unlink(Node n) throws JournalScanException {
        BasicFileAttributes a = lstat(n.path());
        if (a == null) {
            if (!recovering) {
                warn("remove: " + Names.quote(n.rel()) + " was already absent");
            }
            manifest.remove(n.rel());
            return;
        }
        if (a.isDirectory()) {
            throw new JournalScanException(ProblemKind.FAILED, "remove: " + Names.quote(n.rel()) + " is a directory");
        }
        probe.before("unlink");
        try {
            Files.delete(n.path());
        } catch (IOException e) {
            throw failed("unlink", n.path(), e);
        }
        manifest.remove(n.rel());
    }

    /** Creates the directory {@code n}; false if a directory was already there. */
    boolean mkdir(Node n) throws JournalScanException {
        BasicFileAttributes a = lstat(n.path());
        if (a != null) {
            if (a.isDirectory()) {
                clearWhiteout(n);
                return false;
            }
            throw new JournalScanException(ProblemKind.FAILED, "mkdir: " + Names.quote(n.rel()) + " already exists");
        }
        probe.before("mkdir");
        try {
            Files.createDirectory(n.path());
        } catch (IOException e) {
            throw failed("mkdir", n.path(), e);
        }
        clearWhiteout(n);
        return true;
    }

    /** Removes the empty directory {@code n} (and manifest entries under it, i.e. whiteouts). */
    void rmdir(Node n) throws JournalScanException {
        BasicFileAttributes a = lstat(n.path());
        if (a == null) {
            if (!recovering) {
                warn("rmdir: " + Names.quote(n.rel()) + " was already absent");
            }
            manifest.removeTree(n.rel());
            return;
        }
        if (!a.isDirectory()) {
            throw new JournalScanException(ProblemKind.FAILED, "rmdir: " + Names.quote(n.rel()) + " is not a directory");
        }
        probe.before("rmdir");
        try {
            Files.delete(n.path());
        } catch (DirectoryNotEmptyException e) {
            throw new JournalScanException(ProblemKind.FAILED, "rmdir: " + Names.quote(n.rel()) + " is not empty");
        } catch (IOException e) {
            throw failed("rmdir", n.path(), e);
        }
        manifest.removeTree(n.rel());
    }

    /**
     * {@code rename(2)}: replaces a file, or an empty directory, at {@code to}. Unless outward
     * symlinks are allowed, a rename that would move a symlink (or a directory holding one) to where
     * its target leads out of the root is refused. In recovery mode a missing source means the rename
     * was done before the kill: only its manifest change is made.
     */
    void rename(Node from, Node to) throws JournalScanException {
        BasicFileAttributes fa = lstat(from.path());
        if (fa == null) {
            if (recovering) {
                manifest.moveTree(from.rel(), to.rel());
                return;
            }
            if (lstat(to.path()) != null) {
                throw new JournalScanException(ProblemKind.FAILED, "rename: " + Names.quote(from.rel())
                        + " does not exist (" + Names.quote(to.rel()) + " does: the mirror is not where the journal"
                        + " expects it)");
            }
            throw new JournalScanException(ProblemKind.FAILED, "rename: " + Names.quote(from.rel()) + " does not exist");
        }
        if (from.rel().equals(to.rel())) {
            return;
        }
        if (to.rel().startsWith(from.rel() + "/") || from.rel().isEmpty() || to.rel().isEmpty()) {
            throw new JournalScanException(ProblemKind.FAILED, "rename: cannot move " + Names.quote(from.rel()) + " to "
                    + Names.quote(to.rel()));
        }
        if (!options.allowOutwardSymlinks() && depth(from.rel()) != depth(to.rel())) {
            checkSymlinksStayInside(from, fa, to);
        }
        probe.before("rename");
        try {
            Files.move(from.path(), to.path(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failed("rename", from.path(), e);
        }
        manifest.moveTree(from.rel(), to.rel());
        moveLinkHints(from.rel(), to.rel(), fa);
    }

    /**
     * Keeps the hard-link hint ({@link #linkNames}) in step with a rename: the renamed file's name,
     * or every remembered name below a renamed directory, moves to its new place. Without it each
     * later REMOVE of a renamed link would find the hint short and walk the whole root.
     */
    private void moveLinkHints(String from, String to, BasicFileAttributes fa) {
        if (!fa.isDirectory()) {
            final Set<String> names = fa.fileKey() == null ? null : linkNames.get(fa.fileKey());
            if (names != null && names.remove(from)) {
                names.add(to);
            }
            return;
        }
        final String prefix = from + "/";
        for (Set<String> names : linkNames.values()) {
            final List<String> moved = new ArrayList<>();
            names.removeIf(name -> name.startsWith(prefix) && moved.add(to + name.substring(from.length())));
            names.addAll(moved);
        }
    }

    /** Checks every symlink at or below {@code from} as if it already were at its place under {@code to}. */
    private void checkSymlinksStayInside(Node from, BasicFileAttributes fa, Node to) throws JournalScanException {
        if (fa.isSymbolicLink()) {
            checkInward(to, readLink(from).toString());
            return;
        }
        if (!fa.isDirectory()) {
            return;
        }
        List<String[]> links = new ArrayList<>();
        try {
            Files.walkFileTree(from.path(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isSymbolicLink()) {
                        String rel = from.path().relativize(file).toString();
                        links.add(new String[] {to.rel() + "/" + rel, Files.readSymbolicLink(file).toString()});
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw failed("walk", from.path(), e);
        }
        for (String[] link : links) {
            checkInward(new Node(link[0], root.resolve(link[0])), link[1]);
        }
    }

    private static int depth(String rel) {
        return rel.isEmpty() ? 0 : rel.split("/").length;
    }

    /** NWHITEOUT: the create/delete flag is not journaled, so a whiteout is toggled (see {@link Mirror}). */
    void toggleWhiteout(Node n) throws JournalScanException {
        NodeMeta meta = manifest.get(n.rel()).orElse(null);
        if (meta != null && meta.type() == NodeType.WHITEOUT) {
            manifest.remove(n.rel());
            return;
        }
        if (lstat(n.path()) != null) {
            throw new JournalScanException(ProblemKind.FAILED, "whiteout: " + Names.quote(n.rel()) + " exists");
        }
        manifest.put(n.rel(), new NodeMeta().type(NodeType.WHITEOUT));
    }

    /** Sets an extended attribute (manifest) on {@code n} and its other hard-linked names. */
    void setExtattr(Node n, String name, byte[] value) throws JournalScanException {
        BasicFileAttributes a = lstat(n.path());
        if (a == null) {
            throw new JournalScanException(ProblemKind.FAILED, Names.quote(n.rel()) + " does not exist");
        }
        updateInodeMeta(n, a, m -> m.xattr(name, value));
    }

    private void clearWhiteout(Node n) {
        manifest.get(n.rel()).filter(m -> m.type() == NodeType.WHITEOUT).ifPresent(m -> manifest.remove(n.rel()));
    }

    /** Applies {@code change} to the manifest entry of every name of the file {@code n} (hard links). */
    private void updateInodeMeta(Node n, BasicFileAttributes a, UnaryOperator<NodeMeta> change)
            throws JournalScanException {
        for (String name : hardLinkNames(n, a)) {
            manifest.put(name, change.apply(manifest.get(name).orElseGet(NodeMeta::new)));
        }
    }

    /**
     * Every name of the file {@code n} under the root: {@code n} first. The names remembered for its
     * file key ({@link #linkNames}, filled by {@link #link} and by the last walk) are only a hint: each
     * is checked on disk (a real entry, no symlink on its way, the same file key), and used only when
     * those found account for every link the file has (its {@code nlink}); otherwise the whole root is
     * walked, as always, and the hint rebuilt from the walk. So a stale hint costs a walk, never a
     * wrong name.
     */
    private List<String> hardLinkNames(Node n, BasicFileAttributes a) throws JournalScanException {
        List<String> names = new ArrayList<>();
        names.add(n.rel());
        Object key = a.fileKey();
        int nlink = a.isDirectory() || key == null ? 1 : linkCount(n.path());
        if (nlink <= 1) {
            return names;
        }
        for (String other : linkNames.getOrDefault(key, Set.of())) {
            if (!other.equals(n.rel()) && key.equals(fileKeyInside(other))) {
                names.add(other);
            }
        }
        if (names.size() == nlink) {
            return names;
        }
        names.subList(1, names.size()).clear();
        linkNames.clear();
        walkEntries((rel, attrs) -> {
            if (key.equals(attrs.fileKey()) && !rel.equals(n.rel())) {
                names.add(rel);
            }
            if (attrs.fileKey() != null && !attrs.isDirectory()) {
                linkNames.computeIfAbsent(attrs.fileKey(), k -> new java.util.LinkedHashSet<>()).add(rel);
            }
        });
        return names;
    }

    /**
     * The file key of the entry at {@code rel} (a name the mirror made, '/'-separated), or null when it
     * is absent or a directory, or a component on its way is not a real directory (never followed).
     */
    private Object fileKeyInside(String rel) throws JournalScanException {
        Path p = root;
        String[] comps = rel.split("/");
        for (int i = 0; i < comps.length; i++) {
            p = p.resolve(comps[i]);
            BasicFileAttributes a = lstat(p);
            if (a == null || (i < comps.length - 1) != a.isDirectory() || a.isSymbolicLink() && i < comps.length - 1) {
                return null;
            }
            if (i == comps.length - 1) {
                return a.fileKey();
            }
        }
        return null;
    }

    private static int linkCount(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }

    private static void requireRegular(Node n, BasicFileAttributes a) throws JournalScanException {
        if (a == null) {
            throw new JournalScanException(ProblemKind.FAILED, Names.quote(n.rel()) + " does not exist");
        }
        if (a.isSymbolicLink()) {
            throw refused("path", n.rel(), "is a symbolic link; file data is never written through one");
        }
        if (!a.isRegularFile()) {
            throw new JournalScanException(ProblemKind.FAILED, Names.quote(n.rel()) + " is not a regular file");
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /** Strict UTF-8 decoding of a name; a NUL or invalid byte sequence cannot become a local file name. */
    static String decode(byte[] raw, String leafName) throws JournalScanException {
        for (byte b : raw) {
            if (b == 0) {
                throw new JournalScanException(ProblemKind.REFUSED, leafName + " contains a NUL byte");
            }
        }
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new JournalScanException(ProblemKind.UNSUPPORTED, leafName + " is not valid UTF-8");
        }
    }

    private static JournalScanException refused(String leafName, String path, String why) {
        return new JournalScanException(ProblemKind.REFUSED, leafName + " " + Names.quote(path) + ": " + why);
    }

    private static JournalScanException failed(String op, Path p, IOException e) {
        return new JournalScanException(ProblemKind.FAILED, op + " " + Names.quote(String.valueOf(p.getFileName())) + ": "
                + describe(e), e);
    }

    /**
     * What went wrong, without the paths an {@link IOException}'s message repeats (they hold journal
     * names): the exception's type and, for a file-system error, the system's reason.
     */
    static String describe(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : e.getMessage();
        return e.getClass().getSimpleName() + (reason == null ? "" : " (" + Names.oneLine(reason) + ")");
    }

    private static Long boxed(java.util.OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }
}
