package io.kemu.journal.scan;

/**
 * Memory bounds for reassembly. A logical transaction is held in memory until its END arrives (as in
 * jscan); these limits keep a corrupt or hostile stream from growing that without bound. Raw records
 * are bounded separately by the wire format's 128 MiB maximum.
 *
 * @param maxTransactionBytes largest normalised transaction kept; a larger one is dropped and reported
 * @param maxOpenBytes largest total of all transactions open at the same time
 */
public record ScanLimits(int maxTransactionBytes, long maxOpenBytes) {
    /** 128 MiB per transaction (the raw-record limit), 256 MiB for everything open at once. */
    public static final ScanLimits DEFAULT = new ScanLimits(128 * 1024 * 1024, 256L * 1024 * 1024);

    public ScanLimits {
        if (maxTransactionBytes < Transaction.SUBRECORDS_INDEX || maxOpenBytes < maxTransactionBytes) {
            throw new IllegalArgumentException("need 16 <= maxTransactionBytes <= maxOpenBytes");
        }
    }
}
