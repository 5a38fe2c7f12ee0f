package io.kemu.journal.fifo;

/**
 * The producer's handle on its current raw record: the kernel's {@code struct journal_rawrecbeg
 * **rawpp} plus the {@code *newstreamrecp} flag of {@code journal_extend()}.
 *
 * <p>It also remembers a pushout that committed the old record but could not yet reserve the new
 * one: that is where the kernel's producer would be asleep, so a retried {@code extend} resumes by
 * reserving only. Reused across operations; owned by one producer.
 */
public final class Reservation {
    private int record = -1;
    private boolean pushedOut;
    private int pendingStreamId = -1;
    private int pendingBytes;

    public Reservation() {
    }

    public Reservation(int record) {
        this.record = record;
    }

    /** Ring offset of the current record's header. */
    public int record() {
        return record;
    }

    public void record(int record) {
        this.record = record;
        this.pendingStreamId = -1;
    }

    /** Whether the last successful extend replaced the record (the kernel's newstreamrec). */
    public boolean pushedOut() {
        return pushedOut;
    }

    void pushedOut(boolean value) {
        this.pushedOut = value;
    }

    boolean isPendingPushout() {
        return pendingStreamId >= 0;
    }

    int pendingStreamId() {
        return pendingStreamId;
    }

    int pendingBytes() {
        return pendingBytes;
    }

    void pendingPushout(int streamId, int bytes) {
        this.record = -1;
        this.pendingStreamId = streamId;
        this.pendingBytes = bytes;
    }
}
