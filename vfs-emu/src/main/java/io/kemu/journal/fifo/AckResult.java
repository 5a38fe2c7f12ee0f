package io.kemu.journal.fifo;

/** What one ack record did: how many records it retired and why the reader stopped. */
public record AckResult(int retired, Stop stop) {
    /** Why {@code journal_rthread} stopped handling the ack. */
    public enum Stop {
        /** The record carrying exactly the ack's transid was retired. */
        EQUAL,
        /** The next record's transid is larger: the rest is not yet acknowledged. */
        GREATER,
        /** Nothing sent is outstanding; an ack here acknowledges unsent data. */
        EMPTY
    }
}
