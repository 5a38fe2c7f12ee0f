package io.kemu.vfs.jops;

/** The {@code MC_JOURNAL_*} flag bits of {@code sys/mountctl.h} that the journal layer uses. */
public final class MountctlFlags {
    /** Stop request pending (cleared on install). */
    public static final int STOP_REQ = 0x00000002;
    /** Stop and discard the FIFO: accepted, never acted upon by the kernel. */
    public static final int STOP_IMM = 0x00000004;
    /** Writer thread running (cleared on install). */
    public static final int WACTIVE = 0x00000008;
    /** Reader thread running (cleared on install). */
    public static final int RACTIVE = 0x00000010;
    /** A producer waits for FIFO space. */
    public static final int WWAIT = 0x00000040;
    /** Audit trail: accepted and ignored (the audit code is {@code #if 0}). */
    public static final int WANT_AUDIT = 0x00010000;
    /** Write UNDO sections ("reversable"). */
    public static final int WANT_REVERSABLE = 0x00020000;
    /** The target acknowledges (a reader thread runs). */
    public static final int WANT_FULLDUPLEX = 0x00040000;

    /** {@code MC_JOURNAL_STATUS_MORETOCOME}: more entries than fitted the status buffer. */
    public static final int STATUS_MORETOCOME = 0x00000001;
    /** Status index: the journal(s) whose id matches. */
    public static final int INDEX_ID = -1;
    /** Status index: every journal. */
    public static final int INDEX_ALL = -2;

    private MountctlFlags() {
    }
}
