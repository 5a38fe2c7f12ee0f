package io.kemu.vfs.jops;

import io.kemu.journal.jrecord.RecordBuilder;
import io.kemu.journal.wire.RecordType;
import io.kemu.vfs.Cred;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Namecache;
import io.kemu.vfs.Pages;
import io.kemu.vfs.PutpagesResult;
import io.kemu.vfs.Uio;
import io.kemu.vfs.Vattr;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.Vnode;
import io.kemu.vfs.VopVector;
import io.kemu.vfs.WhiteoutOp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The journaling VOP vector ({@code journal_vnode_vops} of {@code vfs_jops.c}): each journaled VOP
 * opens one transaction per installed journal, runs the filesystem's own VOP and completes the
 * transactions, following JOURNAL-SPEC section 1:
 * <ol>
 *   <li>before the VOP, one stream id for all journals from the mount's bitmap, a transaction per
 *       journal (in install order) with its top-level container pushed ({@code jreclist_init});</li>
 *   <li>still before the VOP, UNDO with the old state into the reversable journals only;</li>
 *   <li>the VOP;</li>
 *   <li>only on success, CRED, paths and REDO, in the per-VOP order of the kernel shims;</li>
 *   <li>the container popped and each transaction committed, or aborted when the VOP failed
 *       ({@code jreclist_done}), and the stream id released.</li>
 * </ol>
 * fsync and the read-side VOPs pass straight through ({@code vop_journal_operate_ap}).
 *
 * <p>Invariant: every transaction opened by a call is done before the call returns, so a stream id
 * is held only for the duration of one VOP.
 */
public final class JournalOps implements VopVector {
    private final VopVector fs;
    private final MountJournals journals;

    JournalOps(VopVector fs, MountJournals journals) {
        this.fs = fs;
        this.journals = journals;
    }

    /**
     * {@code struct jrecord_list}: the transactions of one journaled VOP, one per journal, all on
     * the same stream id.
     */
    private final class Transactions {
        private final int streamId;
        private final List<Journal> list;
        private final List<RecordBuilder> builders;
        private final boolean wantUndo;

        /** Mirrors {@code jreclist_init()}; {@code streamId} is already allocated. */
        Transactions(int streamId, int rectype) {
            this.streamId = streamId;
            this.list = journals.journals();
            this.builders = new ArrayList<>(list.size());
            boolean reversable = false;
            for (Journal jo : list) {
                final RecordBuilder rb = jo.sink().begin(streamId);
                rb.push(rectype);
                builders.add(rb);
                reversable |= jo.isReversable();
            }
            this.wantUndo = reversable;
        }

        /** Mirrors {@code jreclist_undo_file()}: UNDO into the reversable journals only. */
        void undoFile(Vnode vp, int jrflags, long off, long bytes) {
            for (int i = 0; i < list.size(); ++i) {
                if (list.get(i).isReversable()) {
                    UndoFile.write(builders.get(i), fs, vp, jrflags, off, bytes);
                }
            }
        }

        void forEach(Consumer<RecordBuilder> writer) {
            builders.forEach(writer);
        }

        /** Mirrors {@code jreclist_done()}: pop, commit or abort, release the stream id. */
        <T> VfsResult<T> done(VfsResult<T> result) {
            for (RecordBuilder rb : builders) {
                rb.pop();
                rb.done(!result.isOk());
            }
            journals.streamIds().free(streamId);
            return result;
        }
    }

    /**
     * Runs one journaled VOP: {@code prepare} (UNDO) before {@code vop}, {@code redo} after it only on
     * success. When every stream id is in use the VOP is not run and EAGAIN is returned (the kernel
     * would sleep in "jsidfl" and retry).
     */
    private <T> VfsResult<T> journaled(int rectype, Consumer<Transactions> prepare,
            Supplier<VfsResult<T>> vop, BiConsumer<RecordBuilder, T> redo) {
        final int streamId = journals.streamIds().allocate();
        if (streamId < 0) {
            return VfsResult.failed(Errno.EAGAIN);
        }
        final Transactions t = new Transactions(streamId, rectype);
        if (t.wantUndo) {
            prepare.accept(t);
        }
        final VfsResult<T> result = vop.get();
        if (result.isOk()) {
            final T value = result.value();
            t.forEach(rb -> redo.accept(rb, value));
        }
        return t.done(result);
    }

    private static void noUndo(Transactions t) {
        // this VOP writes no UNDO section
    }

    @Override
    public Vattr getattr(Vnode vp) {
        return fs.getattr(vp);
    }

    @Override
    public byte[] read(Vnode vp, long offset, int length) {
        return fs.read(vp, offset, length);
    }

    @Override
    public VfsResult<byte[]> readlink(Vnode vp) {
        return fs.readlink(vp);
    }

    /** Mirrors {@code journal_setattr()}: UNDO VATTR(all); CRED(+proc), PATH_REF, REDO{VATTR(requested)}. */
    @Override
    public VfsResult<Vnode> setattr(Vnode vp, Vattr vap, Cred cred) {
        return journaled(RecordType.SETATTR,
                t -> t.undoFile(vp, UndoFile.VATTR, 0, 0),
                () -> fs.setattr(vp, vap, cred),
                (rb, v) -> {
                    RecordWriters.writeCred(rb, cred, true);
                    RecordWriters.writeVnodeRef(rb, vp);
                    rb.push(RecordType.REDO);
                    RecordWriters.writeVattr(rb, vap);
                    rb.pop();
                });
    }

    /**
     * Mirrors {@code journal_write()}: UNDO VATTR{VTYPE, SIZE, MTIME} plus the old data under the
     * write (none for an append); CRED, PATH_REF, REDO{SEEKPOS(offset actually used), one FILEDATA
     * per iovec of the request}. The offset is recovered after the VOP as the final uio offset minus
     * the bytes consumed, which makes appends right.
     */
    @Override
    public VfsResult<Long> write(Vnode vp, Uio uio, boolean append, Cred cred) {
        final Uio copy = uio.copy();
        return journaled(RecordType.WRITE,
                t -> {
                    if (append) {
                        t.undoFile(vp, UndoFile.SIZE | UndoFile.MTIME, 0, 0);
                    } else {
                        t.undoFile(vp, UndoFile.FILEDATA | UndoFile.SIZE | UndoFile.MTIME, copy.offset(), copy.resid());
                    }
                },
                () -> fs.write(vp, uio, append, cred),
                (rb, written) -> {
                    final long offset = uio.offset() - (copy.resid() - uio.resid());
                    RecordWriters.writeCred(rb, cred, false);
                    RecordWriters.writeVnodeRef(rb, vp);
                    rb.push(RecordType.REDO);
                    RecordWriters.writeUio(rb, RecordType.FILEDATA, offset, copy.iovecs());
                    rb.pop();
                });
    }

    /** Mirrors {@code journal_fsync()}: pass-through, no record. */
    @Override
    public VfsResult<Vnode> fsync(Vnode vp) {
        return fs.fsync(vp);
    }

    /**
     * Mirrors {@code journal_putpages()}: the transaction is opened even for a count of 0 (and then
     * commits an empty PUTPAGES). With pages: UNDO VATTR{VTYPE, SIZE, MTIME} plus old data of
     * {@code btoc(count)} <em>bytes</em> (the kernel passes a page count as a byte count); PATH_REF,
     * REDO{SEEKPOS + FILEDATA per run of written pages}. No CRED.
     */
    @Override
    public VfsResult<PutpagesResult> putpages(Vnode vp, Pages pages) {
        final boolean any = pages.count() > 0;
        return journaled(RecordType.PUTPAGES,
                t -> {
                    if (any) {
                        t.undoFile(vp, UndoFile.FILEDATA | UndoFile.SIZE | UndoFile.MTIME, pages.offset(), pages.pages());
                    }
                },
                () -> fs.putpages(vp, pages),
                (rb, rtvals) -> {
                    if (any) {
                        RecordWriters.writeVnodeRef(rb, vp);
                        rb.push(RecordType.REDO);
                        RecordWriters.writePagelist(rb, RecordType.FILEDATA, pages, rtvals, pages.pages());
                        rb.pop();
                    }
                });
    }

    /** Mirrors {@code journal_setacl()}: CRED(+proc), PATH_REF; the ACL itself is not journaled. */
    @Override
    public VfsResult<Vnode> setacl(Vnode vp, byte[] acl, Cred cred) {
        return journaled(RecordType.SETACL, JournalOps::noUndo,
                () -> fs.setacl(vp, acl, cred),
                (rb, v) -> {
                    RecordWriters.writeCred(rb, cred, true);
                    RecordWriters.writeVnodeRef(rb, vp);
                });
    }

    /**
     * Mirrors {@code journal_setextattr()}: CRED(+proc), PATH_REF, ATTRNAME (top level, no NUL),
     * REDO{ the uio as the VOP left it: SEEKPOS(offset after the value), no data }.
     */
    @Override
    public VfsResult<Vnode> setextattr(Vnode vp, String name, Uio uio, Cred cred) {
        return journaled(RecordType.SETEXTATTR, JournalOps::noUndo,
                () -> fs.setextattr(vp, name, uio, cred),
                (rb, v) -> {
                    RecordWriters.writeCred(rb, cred, true);
                    RecordWriters.writeVnodeRef(rb, vp);
                    rb.leaf(RecordType.ATTRNAME, name.getBytes(StandardCharsets.UTF_8));
                    rb.push(RecordType.REDO);
                    RecordWriters.writeUio(rb, RecordType.FILEDATA, uio.offset(), uio.remainingIovecs());
                    rb.pop();
                });
    }

    /** Mirrors {@code journal_ncreate()}: CRED, PATH1, PATH_REF, REDO{VATTR(requested)}. */
    @Override
    public VfsResult<Vnode> ncreate(Namecache nch, Vattr vap, Cred cred) {
        return journaled(RecordType.CREATE, JournalOps::noUndo,
                () -> fs.ncreate(nch, vap, cred),
                (rb, vp) -> {
                    RecordWriters.writeCred(rb, cred, false);
                    RecordWriters.writePath(rb, RecordType.PATH1, nch);
                    RecordWriters.writeVnodeRef(rb, vp);
                    rb.push(RecordType.REDO);
                    RecordWriters.writeVattr(rb, vap);
                    rb.pop();
                });
    }

    /** Mirrors {@code journal_nmknod()}: CRED, PATH1, REDO{VATTR incl. device}, then PATH_REF. */
    @Override
    public VfsResult<Vnode> nmknod(Namecache nch, Vattr vap, Cred cred) {
        return journaled(RecordType.MKNOD, JournalOps::noUndo,
                () -> fs.nmknod(nch, vap, cred),
                (rb, vp) -> {
                    RecordWriters.writeCred(rb, cred, false);
                    RecordWriters.writePath(rb, RecordType.PATH1, nch);
                    rb.push(RecordType.REDO);
                    RecordWriters.writeVattr(rb, vap);
                    rb.pop();
                    RecordWriters.writeVnodeRef(rb, vp);
                });
    }

    /** Mirrors {@code journal_nlink()}: CRED, PATH1, REDO{PATH_REF of another name of the target}. */
    @Override
    public VfsResult<Vnode> nlink(Namecache nch, Vnode vp, Cred cred) {
        return journaled(RecordType.LINK, JournalOps::noUndo,
                () -> fs.nlink(nch, vp, cred),
                (rb, linked) -> {
                    RecordWriters.writeCred(rb, cred, false);
                    RecordWriters.writePath(rb, RecordType.PATH1, nch);
                    rb.push(RecordType.REDO);
                    RecordWriters.writeVnodeLink(rb, linked, nch);
                    rb.pop();
                });
    }

    /** Mirrors {@code journal_nsymlink()}: CRED, PATH1, REDO{SYMLINKDATA}, then PATH_REF. */
    @Override
    public VfsResult<Vnode> nsymlink(Namecache nch, Vattr vap, byte[] target, Cred cred) {
        return journaled(RecordType.SYMLINK, JournalOps::noUndo,
                () -> fs.nsymlink(nch, vap, target, cred),
                (rb, vp) -> {
                    RecordWriters.writeCred(rb, cred, false);
                    RecordWriters.writePath(rb, RecordType.PATH1, nch);
                    rb.push(RecordType.REDO);
                    rb.leaf(RecordType.SYMLINKDATA, target);
                    rb.pop();
                    RecordWriters.writeVnodeRef(rb, vp);
                });
    }

    /** Mirrors {@code journal_nwhiteout()}: CRED, PATH1; the create/delete flag is not journaled. */
    @Override
    public VfsResult<Namecache> nwhiteout(Namecache nch, WhiteoutOp op, Cred cred) {
        return journaled(RecordType.WHITEOUT, JournalOps::noUndo,
                () -> fs.nwhiteout(nch, op, cred),
                (rb, n) -> {
                    RecordWriters.writeCred(rb, cred, false);
                    RecordWriters.writePath(rb, RecordType.PATH1, nch);
                });
    }

    /**
     * Mirrors {@code journal_nremove()}: UNDO (when the name resolves) VATTR(all) plus the whole
     * file or symlink target; CRED, PATH1.
     */
    @Override
    public VfsResult<Vnode> nremove(Namecache nch, Cred cred) {
        final Vnode target = nch.vnode();
        return journaled(RecordType.REMOVE,
                t -> {
                    if (target != null) {
                        t.undoFile(target, UndoFile.ALL | UndoFile.GETVP | UndoFile.CONDLINK, 0, -1);
                    }
                },
                () -> fs.nremove(nch, cred),
                (rb, vp) -> {
                    RecordWriters.writeCred(rb, cred, false);
                    RecordWriters.writePath(rb, RecordType.PATH1, nch);
                });
    }

    /** Mirrors {@code journal_nmkdir()}: PATH1, CRED, VATTR (not in REDO), PATH1 again, PATH_REF. */
    @Override
    public VfsResult<Vnode> nmkdir(Namecache nch, Vattr vap, Cred cred) {
        return journaled(RecordType.MKDIR, JournalOps::noUndo,
                () -> fs.nmkdir(nch, vap, cred),
                (rb, vp) -> {
                    RecordWriters.writePath(rb, RecordType.PATH1, nch);
                    RecordWriters.writeCred(rb, cred, false);
                    RecordWriters.writeVattr(rb, vap);
                    RecordWriters.writePath(rb, RecordType.PATH1, nch);
                    RecordWriters.writeVnodeRef(rb, vp);
                });
    }

    /** Mirrors {@code journal_nrmdir()}: UNDO VATTR(all) of the directory; CRED, PATH1. */
    @Override
    public VfsResult<Vnode> nrmdir(Namecache nch, Cred cred) {
        final Vnode target = nch.vnode();
        return journaled(RecordType.RMDIR,
                t -> {
                    if (target != null) {
                        t.undoFile(target, UndoFile.VATTR | UndoFile.GETVP, 0, 0);
                    }
                },
                () -> fs.nrmdir(nch, cred),
                (rb, vp) -> {
                    RecordWriters.writeCred(rb, cred, false);
                    RecordWriters.writePath(rb, RecordType.PATH1, nch);
                });
    }

    /**
     * Mirrors {@code journal_nrename()}: UNDO (when the target name exists) VATTR(all) plus data of
     * the target being replaced; CRED, PATH1 (from), PATH2 (to).
     */
    @Override
    public VfsResult<Vnode> nrename(Namecache fnch, Namecache tnch, Cred cred) {
        final Vnode replaced = tnch.vnode();
        return journaled(RecordType.RENAME,
                t -> {
                    if (replaced != null) {
                        t.undoFile(replaced, UndoFile.ALL | UndoFile.GETVP | UndoFile.CONDLINK, 0, -1);
                    }
                },
                () -> fs.nrename(fnch, tnch, cred),
                (rb, vp) -> {
                    RecordWriters.writeCred(rb, cred, false);
                    RecordWriters.writePath(rb, RecordType.PATH1, fnch);
                    RecordWriters.writePath(rb, RecordType.PATH2, tnch);
                });
    }
}
