package io.kemu.actors.journal;

import io.kemu.journal.fifo.FifoState;

/**
 * A journal's status, as mountctl's {@code mountctl_journal_ret_status} reports it (membufsize,
 * membufused = windex - xindex, membufunacked = rindex - xindex, bytessent = total_acked with the
 * kernel's pad inflation, fifostalls), plus what kemu adds: parked transactions, bytes handed to the
 * target, whether a target is connected, the commit-to-ack latency, and where its time went.
 */
public record JournalStatus(
        String id,
        FifoState fifo,
        boolean fullDuplex,
        int membufUsed,
        int membufUnacked,
        int parkedTransactions,
        long bytesHandedToTarget,
        boolean targetConnected,
        LatencySnapshot ackLatency,
        JournalStages stages) {
}
