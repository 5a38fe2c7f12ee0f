package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.Names;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.op.DataRun;
import io.kemu.journal.scan.op.Operation;
import io.kemu.journal.scan.op.Section;
import io.kemu.journal.scan.op.VType;
import io.kemu.journal.scan.op.Vattr;
import io.kemu.journal.wire.RecordType;

import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reverses one operation on the mirror from its UNDO section: the backward actions of jscan's
 * {@code dump_mirror.c} with {@code -u} (SPEC section 4.2), with the listed quirks fixed:
 * <ul>
 *   <li>SETATTR, WRITE and PUTPAGES write any old data back at each SEEKPOS (a SETATTR of a
 *       directory, symlink or special node has none), then restore the old
 *       SIZE, MODES, UID/GID, FLAGS and ATIME/MTIME from the old VATTR (a SETATTR UNDO normally holds
 *       only VATTR, so a truncation comes back as zeros; PUTPAGES saved only {@code btoc(count)}
 *       bytes in the kernel: what is there is restored);</li>
 *   <li>CREATE, MKNOD, LINK and SYMLINK remove PATH1 (jscan does nothing for SYMLINK); MKDIR removes
 *       the directory; WHITEOUT toggles back;</li>
 *   <li>REMOVE and RMDIR recreate the entry from the old VATTR (and data or symlink target); device
 *       nodes keep their type (jscan recreates character devices as block devices);</li>
 *   <li>RENAME moves PATH2 back to PATH1 (jscan only deletes it), then recreates a replaced target
 *       from UNDO if there was one.</li>
 * </ul>
 * A removed name of a file that had other hard links is linked back to the file through another of
 * its names, which the mirror noted in its {@link UndoLog} (the journal does not say which names
 * shared it); without that note it comes back as a separate file: {@link ProblemKind#IRREVERSIBLE},
 * naming the entry, as is data an UNDO
 * section does not hold (PUTPAGES' short save, bytes a SETATTR truncated). So an undo whose report is
 * clean restored the tree exactly, as far as the journal can tell. Operations whose UNDO is needed but missing (a journal without
 * WANT_REVERSABLE), SETEXTATTR on a mirror whose {@link UndoLog} does not cover it (no old value is
 * journaled) and UNDO blocks holding an ERROR leaf are {@link ProblemKind#IRREVERSIBLE}. Facts only
 * the node manifest holds (extended attributes, a whiteout a create replaced) come back from the undo
 * log, applied by {@link Undo} after the transaction's operations.
 */
final class UndoApplier {
    private final MirrorTree tree;
    /** True while the transaction being undone has its manifest before-images ({@link UndoLog}). */
    private boolean manifestRestored;
    /** The link lines of the transaction being undone, by operation index ({@link UndoLog}). */
    private java.util.Map<Integer, UndoLog.Link> links = java.util.Map.of();
    private int opIndex;
    /** File keys of the files whose data an undo could not bring back ({@link #damagedNames}). */
    private final java.util.Set<Object> damaged = new java.util.HashSet<>();

    UndoApplier(MirrorTree tree) {
        this.tree = tree;
    }

    /**
     * Says whether {@link Undo} puts the node manifest back from the undo log once the current
     * transaction's operations are undone: then the manifest-only facts the journal holds no old value
     * of (an extended attribute's value) need nothing here.
     */
    void manifestRestored(boolean restored) {
        this.manifestRestored = restored;
    }

    private void noteDamaged(MirrorTree.Node file) throws JournalScanException {
        BasicFileAttributes a = MirrorTree.lstat(file.path());
        if (a != null && a.fileKey() != null) {
            damaged.add(a.fileKey());
        }
    }

    /**
     * Every name under the root, as the tree stands now, of a file an undone operation could not
     * restore (its data, or its sharing with other names): hard-linked names and names that later
     * undone renames moved included, so that a report names each entry that differs. Sorted.
     */
    java.util.List<String> damagedNames() throws JournalScanException {
        return damaged.isEmpty() ? java.util.List.of() : tree.namesOf(damaged);
    }

    /** The link lines of the transaction about to be undone. */
    void links(java.util.Map<Integer, UndoLog.Link> links) {
        this.links = links;
    }

    /** The index, within its transaction, of the operation {@link #apply} is given next. */
    void beginOperation(int index) {
        this.opIndex = index;
    }

    /**
     * Links {@code node} back to the file it shared with another name when it was removed (the
     * current operation's link line), and says whether it did: that name must still be there (not a
     * directory).
     */
    private boolean relink(MirrorTree.Node node) throws JournalScanException {
        UndoLog.Link link = links.get(opIndex);
        if (link == null || !link.path().equals(node.rel())) {
            return false;
        }
        MirrorTree.Node other = tree.entry(link.other());
        BasicFileAttributes a = MirrorTree.lstat(other.path());
        if (a == null || a.isDirectory()) {
            return false;
        }
        tree.link(other, node);
        return true;
    }

    /** The entry and attribute a SETEXTATTR names, quoted for a message. */
    private static String entryName(Operation op) {
        String path = op.top().pathRef() == null ? "(no name)" : Names.quote(new String(op.top().pathRef(), StandardCharsets.UTF_8));
        byte[] attr = op.top().attrName();
        return path + (attr == null ? "" : ", attribute " + Names.quote(new String(attr, StandardCharsets.UTF_8)));
    }

    void apply(Operation op) throws JournalScanException {
        Section top = op.top();
        switch (op.type()) {
            case RecordType.WRITE, RecordType.PUTPAGES, RecordType.SETATTR -> {
                if (hasPathRef(op)) {
                    Section undo = undo(op);
                    MirrorTree.Node file = tree.resolveEntry(top.pathRef(), "PATH_REF");
                    if (!undo.runs().isEmpty()) {
                        tree.writeRuns(file, op.transaction(), undo.runs());
                    }
                    tree.applyAttributes(file, undo.vattr());
                    checkComplete(undo);
                    try {
                        checkDataRestored(op, undo, file);
                    } catch (JournalScanException e) {
                        noteDamaged(file);
                        throw e;
                    }
                }
            }
            case RecordType.SETACL -> { }
            case RecordType.SETEXTATTR -> {
                if (!manifestRestored) {
                    throw new JournalScanException(ProblemKind.IRREVERSIBLE, "SETEXTATTR: " + entryName(op)
                            + ": the kernel journals no old value of an extended attribute, and this mirror's undo log"
                            + " does not go back that far");
                }
            }
            case RecordType.CREATE, RecordType.MKNOD, RecordType.LINK, RecordType.SYMLINK ->
                    removeCreated(tree.resolveEntry(top.path1(), "PATH1"));
            case RecordType.WHITEOUT -> tree.toggleWhiteout(tree.resolveEntry(top.path1(), "PATH1"));
            case RecordType.REMOVE -> recreate(tree.resolveEntry(top.path1(), "PATH1"), undo(op), op);
            case RecordType.MKDIR -> tree.rmdir(tree.resolveEntry(top.path1(), "PATH1"));
            case RecordType.RMDIR -> {
                MirrorTree.Node dir = tree.resolveEntry(top.path1(), "PATH1");
                Section undo = undo(op);
                tree.mkdir(dir);
                tree.applyAttributes(dir, undo.vattr());
            }
            case RecordType.RENAME -> {
                MirrorTree.Node from = tree.resolveEntry(top.path1(), "PATH1");
                MirrorTree.Node to = tree.resolveEntry(top.path2(), "PATH2");
                tree.rename(to, from);
                if (op.undo().isPresent()) {
                    recreate(to, op.undo().get(), op);
                }
            }
            default -> throw new JournalScanException(ProblemKind.UNSUPPORTED,
                    String.format("unknown operation type 0x%04x", op.type()));
        }
    }

    /** Removes what CREATE/MKNOD/LINK/SYMLINK made: a file, placeholder or symlink (never a directory). */
    private void removeCreated(MirrorTree.Node node) throws JournalScanException {
        BasicFileAttributes a = MirrorTree.lstat(node.path());
        if (a != null && a.isDirectory()) {
            tree.rmdir(node);
        } else {
            tree.unlink(node);
        }
    }

    /**
     * Rebuilds {@code node} as the UNDO section describes it: VTYPE decides the kind, then data (or
     * symlink target), SIZE and the other attributes. Whatever is at the path now is replaced, except
     * a directory (rebuilding over one would lose its contents).
     */
    private void recreate(MirrorTree.Node node, Section undo, Operation op) throws JournalScanException {
        Vattr v = undo.vattr();
        if (v.vtype().isEmpty()) {
            throw new JournalScanException(ProblemKind.IRREVERSIBLE, op.typeName() + ": UNDO has no VTYPE"
                    + undo.error().stream().mapToObj(e -> " (the kernel could not read the old state: errno " + e + ")")
                            .findFirst().orElse(""));
        }
        long vtype = v.vtype().getAsLong();
        BasicFileAttributes a = MirrorTree.lstat(node.path());
        if (a != null) {
            if (a.isDirectory()) {
                if (vtype != VType.VDIR) {
                    throw new JournalScanException(ProblemKind.FAILED, "cannot recreate " + Names.quote(node.rel())
                            + ": a directory is in the way");
                }
            } else {
                tree.unlink(node);
            }
        }
        boolean relinked = vtype != VType.VDIR && relink(node);
        if (!relinked) {
            createFresh(node, vtype, undo, op);
        } else if (vtype == VType.VREG) {
            writeData(node, undo, op);
        }
        tree.applyAttributes(node, v);
        checkComplete(undo);
        long nlink = v.get(RecordType.NLINK).orElse(1);
        if (vtype != VType.VDIR && nlink > 1 && !relinked) {
            noteDamaged(node);
            throw new JournalScanException(ProblemKind.IRREVERSIBLE, op.typeName() + ": " + Names.quote(node.rel())
                    + " was recreated as a separate file, but it had " + nlink + " links: the journal does not say which"
                    + " names shared it, so they no longer do");
        }
    }

    /** Creates {@code node} anew as the kind {@code vtype} says, with its data or symlink target. */
    private void createFresh(MirrorTree.Node node, long vtype, Section undo, Operation op) throws JournalScanException {
        NodeType special = NodeType.ofVtype(vtype);
        if (special != null) {
            tree.createSpecial(node, special, undo.vattr());
        } else if (vtype == VType.VREG) {
            tree.createRegularFile(node);
            writeData(node, undo, op);
        } else if (vtype == VType.VDIR) {
            tree.mkdir(node);
        } else if (vtype == VType.VLNK) {
            if (undo.symlinkData() == null) {
                throw new JournalScanException(ProblemKind.IRREVERSIBLE, op.typeName() + ": UNDO of a symlink has no SYMLINKDATA");
            }
            tree.createSymlink(node, undo.symlinkData());
        } else {
            throw new JournalScanException(ProblemKind.IRREVERSIBLE, op.typeName() + ": cannot recreate vnode type " + vtype);
        }
    }

    /** Writes the UNDO section's data into the file {@code node}; without an old SIZE it ends where the data does. */
    private void writeData(MirrorTree.Node node, Section undo, Operation op) throws JournalScanException {
        tree.writeRuns(node, op.transaction(), undo.runs());
        if (undo.vattr().size().isEmpty()) {
            long end = 0;
            for (DataRun run : undo.runs()) {
                end = Math.max(end, run.offset() + run.length());
            }
            tree.setSize(node, end);
        }
    }

    /**
     * Reports what a WRITE, PUTPAGES or SETATTR undo could not bring back: data the UNDO section does
     * not hold. PUTPAGES saves only {@code btoc(count)} bytes; a SETATTR that truncated a file holds
     * no data at all, so the truncated bytes come back as zeros.
     */
    private static void checkDataRestored(Operation op, Section undo, MirrorTree.Node file) throws JournalScanException {
        long undoBytes = 0;
        for (DataRun run : undo.runs()) {
            undoBytes += run.length();
        }
        if (op.type() == RecordType.SETATTR) {
            long newSize = op.redo().flatMap(r -> boxed(r.vattr().size())).orElse(-1L);
            long oldSize = undo.vattr().size().orElse(-1);
            if (newSize >= 0 && oldSize > newSize && undoBytes < oldSize - newSize) {
                throw new JournalScanException(ProblemKind.IRREVERSIBLE, "SETATTR: " + Names.quote(file.rel())
                        + " was truncated from " + oldSize + " to " + newSize + " bytes; the truncated bytes are not"
                        + " journaled and come back as zeros");
            }
            return;
        }
        long oldSize = undo.vattr().size().orElse(Long.MAX_VALUE);
        long overwritten = 0;
        for (DataRun run : op.redo().map(Section::runs).orElse(java.util.List.of())) {
            overwritten += Math.max(0, Math.min(run.offset() + run.length(), oldSize) - run.offset());
        }
        if (undoBytes < overwritten) {
            throw new JournalScanException(ProblemKind.IRREVERSIBLE, op.typeName() + ": " + Names.quote(file.rel())
                    + ": the UNDO section holds " + undoBytes + " of the " + overwritten + " bytes written over; the"
                    + " rest cannot be restored");
        }
    }

    private static java.util.Optional<Long> boxed(java.util.OptionalLong v) {
        return v.isPresent() ? java.util.Optional.of(v.getAsLong()) : java.util.Optional.empty();
    }

    private static void checkComplete(Section undo) throws JournalScanException {
        if (undo.error().isPresent()) {
            throw new JournalScanException(ProblemKind.IRREVERSIBLE, "UNDO data is incomplete: the kernel got errno "
                    + undo.error().getAsLong() + " reading the old state");
        }
    }

    private boolean hasPathRef(Operation op) {
        if (op.top().pathRef() == null) {
            tree.warn(op.typeName() + ": no PATH_REF (the vnode had no name); nothing to undo");
            return false;
        }
        return true;
    }

    private static Section undo(Operation op) throws JournalScanException {
        return op.undo().orElseThrow(() -> new JournalScanException(ProblemKind.IRREVERSIBLE, op.typeName()
                + " has no UNDO section (the journal was not created reversable)"));
    }
}
