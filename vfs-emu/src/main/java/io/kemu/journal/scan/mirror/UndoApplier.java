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
 * A recreated file that had other hard links comes back as a separate file (the journal does not say
 * which names shared it): {@link ProblemKind#IRREVERSIBLE}, naming the entry, as is data an UNDO
 * section does not hold (PUTPAGES' short save, bytes a SETATTR truncated). So an undo whose report is
 * clean restored the tree exactly, as far as the journal can tell. Operations whose UNDO is needed but missing (a journal without
 * WANT_REVERSABLE), SETEXTATTR (no old value is journaled) and UNDO blocks holding an ERROR leaf are
 * {@link ProblemKind#IRREVERSIBLE}.
 */
final class UndoApplier {
    private final MirrorTree tree;

    UndoApplier(MirrorTree tree) {
        this.tree = tree;
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
                    checkDataRestored(op, undo, file);
                }
            }
            case RecordType.SETACL -> { }
            case RecordType.SETEXTATTR -> throw new JournalScanException(ProblemKind.IRREVERSIBLE,
                    "SETEXTATTR: the kernel journals no old value of an extended attribute");
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
        NodeType special = NodeType.ofVtype(vtype);
        if (special != null) {
            tree.createSpecial(node, special, v);
        } else if (vtype == VType.VREG) {
            tree.createRegularFile(node);
            tree.writeRuns(node, op.transaction(), undo.runs());
            if (v.size().isEmpty()) {
                long end = 0;
                for (DataRun run : undo.runs()) {
                    end = Math.max(end, run.offset() + run.length());
                }
                tree.setSize(node, end);
            }
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
        tree.applyAttributes(node, v);
        checkComplete(undo);
        long links = v.get(RecordType.NLINK).orElse(1);
        if (vtype != VType.VDIR && links > 1) {
            throw new JournalScanException(ProblemKind.IRREVERSIBLE, op.typeName() + ": " + Names.quote(node.rel())
                    + " was recreated as a separate file, but it had " + links + " links: the journal does not say which"
                    + " names shared it, so they no longer do");
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
