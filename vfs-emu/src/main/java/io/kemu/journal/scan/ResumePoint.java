package io.kemu.journal.scan;

import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * How far a consumer has got in a journal, in a form that survives interleaving and restarts.
 *
 * <p>{@code watermark}: every raw record with a transid at or below it belongs to a transaction that
 * is finished (applied, aborted, refused or dropped), so a replay may skip all of them. It is the
 * newest transid received when no transaction is open, else one below the oldest open transaction's
 * BEGIN. This is the value a target should acknowledge to the kernel (acks retire records with
 * transid at or below the ack).
 *
 * <p>Transids are ordered as unsigned numbers ({@link Transids#compare}).
 *
 * <p>{@code finishedAbove}: END transids, all above the watermark, of transactions that finished while
 * an older one was still open. A replay re-reads their records; they are recognised by their END
 * transid and not applied twice. The list is sorted (unsigned), duplicate-free and usually empty.
 */
public record ResumePoint(long watermark, List<Long> finishedAbove) {
    /** Nothing consumed yet. Real transids are positive (0 means "none" to the kernel). */
    public static final ResumePoint START = new ResumePoint(0, List.of());

    public ResumePoint {
        NavigableSet<Long> set = new TreeSet<>(Transids.UNSIGNED);
        set.addAll(finishedAbove);
        if (set.size() != finishedAbove.size() || (!set.isEmpty() && !Transids.isAfter(set.first(), watermark))) {
            throw new IllegalArgumentException("finishedAbove must be distinct transids above the watermark "
                    + watermark + ": " + finishedAbove);
        }
        finishedAbove = List.copyOf(set);
    }

    /** True when the transaction that ended with {@code endTransid} is already finished. */
    public boolean isFinished(long endTransid) {
        return !Transids.isAfter(endTransid, watermark) || finishedAbove.contains(endTransid);
    }
}
