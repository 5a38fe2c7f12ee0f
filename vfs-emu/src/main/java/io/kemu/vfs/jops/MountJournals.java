package io.kemu.vfs.jops;

import io.kemu.journal.jrecord.RecordBuilder;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.StreamId;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.VfsResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The journals of one mount ({@code mnt_jlist}, {@code mnt_jbitmap}) and the kernel side of the
 * mountctl journal operations ({@code journal_mountctl()} and the {@code journal_*_vfs_journal()}
 * functions of {@code vfs_jops.c}), as plain methods with typed results for the mount's actor.
 *
 * <p>State: either detached (no journal; the mount uses its normal VOPs and restart, remove,
 * resync and status give ENOENT) or attached (at least one journal; the mount's VOPs go through
 * {@link JournalOps} and a stream-id bitmap exists). The first install attaches, removing the last
 * journal detaches (and drops the bitmap). Invariant: attached exactly when the list is non-empty
 * (between an install that failed and its detach, briefly otherwise).
 *
 * <p>What is not here, because it is not the kernel's journal-list logic: the syscall envelope
 * (root only, ctllen sizes, copying structures), the writer and reader threads, the descriptor, and
 * the FIFO indices. The caller stops threads after {@link #remove}, and after {@link #restart}
 * swaps the descriptor and rewinds the FIFO ({@code rindex = xindex}).
 */
public final class MountJournals {
    /** FIFO size when membufsize is 0. */
    public static final int DEFAULT_FIFO_SIZE = 1 << 20;
    /** Smallest FIFO. */
    public static final int MIN_FIFO_SIZE = 64 << 10;
    /** Largest FIFO. */
    public static final int MAX_FIFO_SIZE = 128 << 20;

    private final Mount mount;
    private final List<Journal> journals = new ArrayList<>();
    private StreamIdBitmap streamIds;
    private JournalOps journalOps;

    public MountJournals(Mount mount) {
        this.mount = Objects.requireNonNull(mount, "mount");
    }

    /** The installed journals in install order (the order transactions are opened in). */
    public List<Journal> journals() {
        return Collections.unmodifiableList(new ArrayList<>(journals));
    }

    /** Whether journal VOPs are attached to the mount ({@code mnt_vn_journal_ops != NULL}). */
    public boolean isAttached() {
        return journalOps != null;
    }

    /** The mount's stream-id bitmap; IllegalStateException when detached (it does not exist then). */
    public StreamIdBitmap streamIds() {
        if (streamIds == null) {
            throw new IllegalStateException("no journal attached: no stream-id bitmap");
        }
        return streamIds;
    }

    /** Mirrors {@code journal_attach()}: journal VOPs in front of the filesystem, a fresh bitmap. */
    private void attach() {
        assert journalOps == null;
        streamIds = new StreamIdBitmap();
        journalOps = new JournalOps(mount.normalVops(), this);
        mount.installVops(journalOps);
    }

    /** Mirrors {@code journal_detach()}. */
    private void detach() {
        mount.restoreNormalVops();
        journalOps = null;
        streamIds = null;
    }

    /**
     * {@code MOUNTCTL_INSTALL_VFS_JOURNAL}: mirrors {@code journal_install_vfs_journal()}. The FIFO
     * size is 1 MiB for membufsize 0, else clamped to [64 KiB, 128 MiB] and rounded <em>up</em> to a
     * power of two; the first transid is the request's, or {@code (sec << 30) | nsec} of the mount's
     * clock for 0; WACTIVE, RACTIVE and STOP_REQ are dropped from the flags, every other bit is kept.
     * No {@code factory} (no descriptor) gives EBADF. The new journal's sink receives the ASSOCIATE
     * record (stream DISCONT, BEGIN|END, one 8-byte sub-record), then the journal joins the end of
     * the list.
     */
    public VfsResult<Journal> install(InstallRequest request, SinkFactory factory) {
        final boolean wasAttached = isAttached();
        if (!wasAttached) {
            attach();
        }
        if (factory == null) {
            if (!wasAttached) {
                detach();
            }
            return VfsResult.failed(Errno.EBADF);
        }
        final int flags = request.flags()
                & ~(MountctlFlags.WACTIVE | MountctlFlags.RACTIVE | MountctlFlags.STOP_REQ);
        final long transid = request.transid() != 0 ? request.transid() : mount.clock().now().toTransid();
        final JournalConfig config = new JournalConfig(request.id(), flags, fifoSize(request.membufsize()), transid);
        final Journal journal = new Journal(config, factory.open(config));
        writeControlRecord(journal, RecordType.ASSOCIATE);
        journals.add(journal);
        assert checkInvariants();
        return VfsResult.ok(journal);
    }

    /** The FIFO size install settles for {@code membufsize}: clamp, then round up to a power of two. */
    public static int fifoSize(long membufsize) {
        final long size;
        if (membufsize == 0) {
            size = DEFAULT_FIFO_SIZE;
        } else if (membufsize < MIN_FIFO_SIZE) {
            size = MIN_FIFO_SIZE;
        } else {
            size = Math.min(membufsize, MAX_FIFO_SIZE);
        }
        int fifo = 1;
        while (fifo < size) {
            fifo <<= 1;
        }
        return fifo;
    }

    /**
     * {@code MOUNTCTL_REMOVE_VFS_JOURNAL}: mirrors {@code journal_remove_vfs_journal()} and
     * {@code journal_destroy()}. ENOENT when no journal is attached, EINVAL when no id matches; else
     * the first matching journal leaves the list after a DISASSOCIATE record went to its sink, and
     * is returned so its owner can drain and stop it (STOP_IMM in {@code flags} is accepted and, as
     * in the kernel, changes nothing). The last removal detaches.
     */
    public VfsResult<Journal> remove(JournalId id, int flags) {
        if (!isAttached()) {
            return VfsResult.failed(Errno.ENOENT);
        }
        final Journal journal = find(id);
        if (journal == null) {
            return VfsResult.failed(Errno.EINVAL);
        }
        destroy(journal);
        return VfsResult.ok(journal);
    }

    /**
     * Unmount: mirrors {@code journal_remove_all_journals()}, a DISASSOCIATE for each journal in
     * order. Returns the removed journals (empty when none was attached).
     */
    public List<Journal> removeAll() {
        final List<Journal> removed = new ArrayList<>(journals);
        for (Journal journal : removed) {
            destroy(journal);
        }
        return removed;
    }

    private void destroy(Journal journal) {
        journals.remove(journal);
        writeControlRecord(journal, RecordType.DISASSOCIATE);
        if (journals.isEmpty()) {
            detach();
        }
        assert checkInvariants();
    }

    /**
     * {@code MOUNTCTL_RESTART_VFS_JOURNAL}: mirrors {@code journal_restart_vfs_journal()}. ENOENT
     * when none attached, EINVAL when no id matches; otherwise the journal whose descriptor is to be
     * replaced. Writes no record and changes no mode flag (FULLDUPLEX/REVERSABLE in {@code flags}
     * are ignored; only STOP_IMM is looked at, to no effect).
     */
    public VfsResult<Journal> restart(JournalId id, int flags) {
        if (!isAttached()) {
            return VfsResult.failed(Errno.ENOENT);
        }
        final Journal journal = find(id);
        return journal == null ? VfsResult.failed(Errno.EINVAL) : VfsResult.ok(journal);
    }

    /** {@code MOUNTCTL_RESYNC_VFS_JOURNAL}: ENOENT when none attached, otherwise always EINVAL. */
    public VfsResult<Journal> resync() {
        return VfsResult.failed(isAttached() ? Errno.EINVAL : Errno.ENOENT);
    }

    /**
     * {@code MOUNTCTL_STATUS_VFS_JOURNAL}: mirrors {@code journal_status_vfs_journal()} for a
     * buffer with room for {@code capacity} entries. {@code index} INDEX_ID (-1) selects the
     * journals whose id matches, INDEX_ALL (-2) every journal, any other negative value none, and
     * {@code index >= 0} (a kernel quirk) the first {@code index + 1} journals. When the next entry
     * does not fit, MORETOCOME is set on the previous entry, or EINVAL if nothing was returned yet.
     * ENOENT when no journal is attached.
     */
    public VfsResult<List<JournalStatus>> status(JournalId id, int index, int capacity) {
        if (!isAttached()) {
            return VfsResult.failed(Errno.ENOENT);
        }
        final List<JournalStatus> entries = new ArrayList<>();
        for (Journal journal : journals) {
            if (index == MountctlFlags.INDEX_ID) {
                if (!journal.id().equals(id)) {
                    continue;
                }
            } else if (index >= 0) {
                if (index < entries.size()) {
                    continue;
                }
            } else if (index != MountctlFlags.INDEX_ALL) {
                continue;
            }
            if (entries.size() >= capacity) {
                if (entries.isEmpty()) {
                    return VfsResult.failed(Errno.EINVAL);
                }
                final int last = entries.size() - 1;
                entries.set(last, entries.get(last).withMoreToCome());
                break;
            }
            entries.add(new JournalStatus(journal.id(), entries.size(), 0, journal.config().fifoSize(), journal));
        }
        return VfsResult.ok(List.copyOf(entries));
    }

    private Journal find(JournalId id) {
        for (Journal journal : journals) {
            if (journal.id().equals(id)) {
                return journal;
            }
        }
        return null;
    }

    /**
     * {@code jrecord_init(jo, &jrec, JREC_STREAMID_DISCONT); jrecord_write(&jrec, type, 0);
     * jrecord_done(&jrec, 0)}: one 8-byte sub-record {type, recsize 8} on stream DISCONT.
     */
    private static void writeControlRecord(Journal journal, int rectype) {
        final RecordBuilder rb = journal.sink().begin(StreamId.DISCONT);
        rb.leaf(rectype, new byte[0]);
        rb.done(false);
    }

    private boolean checkInvariants() {
        assert journals.isEmpty() != isAttached() : "attached with " + journals.size() + " journals";
        assert !isAttached() || mount.vops() == journalOps : "journal VOPs not in use while attached";
        return true;
    }
}
