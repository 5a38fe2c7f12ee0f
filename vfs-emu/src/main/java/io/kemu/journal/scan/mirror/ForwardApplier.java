package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.op.DataRun;
import io.kemu.journal.scan.op.Operation;
import io.kemu.journal.scan.op.Section;
import io.kemu.journal.scan.op.VType;
import io.kemu.journal.scan.op.Vattr;
import io.kemu.journal.wire.RecordType;

import java.io.ByteArrayOutputStream;

/**
 * Applies the REDO meaning of one operation to the mirror: the forward actions of jscan's
 * {@code dump_mirror.c} (SPEC section 4.2), completed and with its quirks fixed where the SPEC lists
 * them (section 5, item 18):
 * <ul>
 *   <li>SETATTR applies MODES, UID/GID, SIZE, FLAGS and ATIME/MTIME from REDO (jscan: no times, a
 *       forced chflags(0), FLAGS ignored);</li>
 *   <li>WRITE/PUTPAGES write each run at its own SEEKPOS (jscan writes everything at the last one);
 *       PUTPAGES writes only below the current end of file, as the pager does (the journal holds
 *       whole pages, the last one possibly past EOF);</li>
 *   <li>CREATE creates without truncating an existing file, VSOCK/VFIFO/device CREATEs make special
 *       nodes; MKNOD, WHITEOUT and SETEXTATTR are applied (jscan: no-ops);</li>
 *   <li>SETACL has no effect: the kernel journals no ACL contents (SPEC 1.3).</li>
 * </ul>
 * Where each leaf is found follows SPEC section 1.3: MKDIR's VATTR is bare at the top level, LINK's
 * source PATH_REF is inside REDO, SETEXTATTR's ATTRNAME is at the top level. An operation on a vnode
 * without a journaled name (PATH_REF omitted: it was unlinked) has nothing to act on and is a warning.
 */
final class ForwardApplier {
    private final MirrorTree tree;
    /** {@link UndoLog} link lines of the current transaction: {@code "l " op-index " " path " " other-name}. */
    private final java.util.List<String> linkHints = new java.util.ArrayList<>();
    private int opIndex;

    ForwardApplier(MirrorTree tree) {
        this.tree = tree;
    }

    /** The index, within its transaction, of the operation {@link #apply} is given next. */
    void beginOperation(int index) {
        this.opIndex = index;
    }

    /** The link lines collected since the last call (see {@link UndoLog}). */
    java.util.List<String> drainLinkHints() {
        java.util.List<String> out = java.util.List.copyOf(linkHints);
        linkHints.clear();
        return out;
    }

    /**
     * Before a name of a file with several links goes (REMOVE, or RENAME over it), notes another of
     * its names, so that an undo can link the name back to the same file instead of recreating it.
     */
    private void noteOtherLink(MirrorTree.Node n, String exclude) throws JournalScanException {
        String other = tree.otherLinkName(n, exclude);
        if (other != null) {
            linkHints.add("l " + opIndex + " " + NodeManifest.escape(n.rel()) + " " + NodeManifest.escape(other));
        }
    }

    void apply(Operation op) throws JournalScanException {
        Section top = op.top();
        switch (op.type()) {
            case RecordType.SETATTR -> {
                if (hasPathRef(op)) {
                    tree.applyAttributes(tree.resolve(top.pathRef(), "PATH_REF"), redo(op).vattr());
                }
            }
            case RecordType.WRITE -> {
                if (hasPathRef(op)) {
                    tree.writeRuns(tree.resolveEntry(top.pathRef(), "PATH_REF"), op.transaction(), redo(op).runs());
                }
            }
            case RecordType.PUTPAGES -> {
                if (hasPathRef(op)) {
                    tree.writePages(tree.resolveEntry(top.pathRef(), "PATH_REF"), op.transaction(), redo(op).runs());
                }
            }
            case RecordType.SETACL -> { }
            case RecordType.SETEXTATTR -> setExtattr(op);
            case RecordType.CREATE -> create(op);
            case RecordType.MKNOD -> mknod(op);
            case RecordType.LINK -> link(op);
            case RecordType.SYMLINK -> tree.createSymlink(tree.resolveEntry(top.path1(), "PATH1"),
                    op.redo().map(Section::symlinkData).orElse(top.symlinkData()));
            case RecordType.WHITEOUT -> tree.toggleWhiteout(tree.resolveEntry(top.path1(), "PATH1"));
            case RecordType.REMOVE -> {
                MirrorTree.Node n = tree.resolveEntry(top.path1(), "PATH1");
                noteOtherLink(n, null);
                tree.unlink(n);
            }
            case RecordType.MKDIR -> {
                MirrorTree.Node dir = tree.resolveEntry(top.path1(), "PATH1");
                tree.mkdir(dir);
                tree.applyAttributes(dir, top.vattr().isEmpty() && op.redo().isPresent() ? op.redo().get().vattr()
                        : top.vattr());
            }
            case RecordType.RMDIR -> tree.rmdir(tree.resolveEntry(top.path1(), "PATH1"));
            case RecordType.RENAME -> {
                MirrorTree.Node from = tree.resolveEntry(top.path1(), "PATH1");
                MirrorTree.Node to = tree.resolveEntry(top.path2(), "PATH2");
                noteOtherLink(to, from.rel());
                tree.rename(from, to);
            }
            default -> throw new JournalScanException(ProblemKind.UNSUPPORTED,
                    String.format("unknown operation type 0x%04x", op.type()));
        }
    }

    private void create(Operation op) throws JournalScanException {
        MirrorTree.Node node = tree.resolveEntry(op.top().path1(), "PATH1");
        Vattr v = op.redo().map(Section::vattr).orElse(op.top().vattr());
        long vtype = v.vtype().orElse(VType.VREG);
        NodeType special = NodeType.ofVtype(vtype);
        if (special != null) {
            tree.createSpecial(node, special, v);
        } else if (vtype == VType.VREG) {
            tree.createRegularFile(node);
        } else {
            throw new JournalScanException(ProblemKind.UNSUPPORTED, "CREATE of vnode type " + vtype);
        }
        tree.applyAttributes(node, v);
    }

    private void mknod(Operation op) throws JournalScanException {
        MirrorTree.Node node = tree.resolveEntry(op.top().path1(), "PATH1");
        Vattr v = redo(op).vattr();
        if (v.vtype().isEmpty()) {
            throw new JournalScanException(ProblemKind.MALFORMED, "MKNOD without VTYPE");
        }
        long vtype = v.vtype().getAsLong();
        NodeType special = NodeType.ofVtype(vtype);
        if (special != null) {
            tree.createSpecial(node, special, v);
        } else if (vtype == VType.VREG) {
            tree.createRegularFile(node);
        } else if (vtype == VType.VDIR) {
            tree.mkdir(node);
        } else {
            throw new JournalScanException(ProblemKind.UNSUPPORTED, "MKNOD of vnode type " + vtype);
        }
        tree.applyAttributes(node, v);
    }

    private void link(Operation op) throws JournalScanException {
        MirrorTree.Node dst = tree.resolveEntry(op.top().path1(), "PATH1");
        byte[] source = op.redo().map(Section::pathRef).orElse(null);
        if (source == null) {
            throw new JournalScanException(ProblemKind.FAILED,
                    "LINK without a source name (the kernel found no other resolved name of the file)");
        }
        tree.link(tree.resolveEntry(source, "PATH_REF"), dst);
    }

    private void setExtattr(Operation op) throws JournalScanException {
        if (!hasPathRef(op)) {
            return;
        }
        byte[] rawName = op.top().attrName();
        if (rawName == null) {
            throw new JournalScanException(ProblemKind.MALFORMED, "SETEXTATTR without ATTRNAME");
        }
        String name = MirrorTree.decode(rawName, "ATTRNAME");
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (DataRun run : op.redo().map(Section::runs).orElse(java.util.List.of())) {
            for (DataRun.Slice s : run.slices()) {
                value.write(op.transaction().data(), s.index(), s.length());
            }
        }
        tree.setExtattr(tree.resolve(op.top().pathRef(), "PATH_REF"), name, value.toByteArray());
    }

    private boolean hasPathRef(Operation op) {
        if (op.top().pathRef() == null) {
            tree.warn(op.typeName() + ": no PATH_REF (the vnode had no name, e.g. it was unlinked); nothing to apply");
            return false;
        }
        return true;
    }

    private static Section redo(Operation op) throws JournalScanException {
        return op.redo().orElseThrow(() -> new JournalScanException(ProblemKind.MALFORMED,
                op.typeName() + " without a REDO section"));
    }
}
