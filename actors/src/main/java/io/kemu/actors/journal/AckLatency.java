package io.kemu.actors.journal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Commit-to-ack latency of a full-duplex journal: each committed transaction is remembered by the
 * transid of its last raw record; an ack retires every remembered transaction at or below its
 * transid (the rule {@code journal_rthread} applies to records) and records how long it waited.
 * Entries never outnumber the records in the ring, so memory is bounded by the ring. Times come from
 * {@code clock} (the journal's {@code ActorClock}: virtual time under the deterministic thread model,
 * so a seed gives the same latencies).
 */
final class AckLatency {
    private final LongSupplier clock;
    private long[] transids = new long[1024];
    private long[] times = new long[1024];
    private int head;
    private int count;
    private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);

    AckLatency(LongSupplier clock) {
        this.clock = clock;
    }

    void committed(long lastTransid) {
        if (count == transids.length) {
            grow();
        }
        final int tail = (head + count) & (transids.length - 1);
        transids[tail] = lastTransid;
        times[tail] = clock.getAsLong();
        ++count;
    }

    void acknowledged(long ackTransid) {
        final long now = clock.getAsLong();
        while (count > 0 && transids[head] <= ackTransid) {
            histogram.recordValue(Math.min(now - times[head], histogram.getHighestTrackableValue()));
            head = (head + 1) & (transids.length - 1);
            --count;
        }
    }

    private void grow() {
        final long[] newTransids = new long[transids.length * 2];
        final long[] newTimes = new long[times.length * 2];
        for (int i = 0; i < count; i++) {
            newTransids[i] = transids[(head + i) & (transids.length - 1)];
            newTimes[i] = times[(head + i) & (times.length - 1)];
        }
        transids = newTransids;
        times = newTimes;
        head = 0;
    }

    LatencySnapshot snapshot() {
        return new LatencySnapshot(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
    }
}
