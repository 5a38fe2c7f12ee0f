package io.kemu.hammer2.chain;

/**
 * What one node's hammer2_chain_lookup() or hammer2_chain_next() returns: the chain found (null
 * for none) and the key to continue a scan from ({@code *key_nextp}; 0 after the end of the key
 * space, as the kernel's wrapped arithmetic gives).
 */
public record ChainLookup(Chain chain, long keyNext) {

    /** Nothing found in {@code [keyBeg, keyEnd]}: the scan continues after keyEnd. */
    public static ChainLookup none(long keyEnd) {
        return new ChainLookup(null, keyEnd + 1);
    }
}
