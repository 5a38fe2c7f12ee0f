package io.kemu.hammer2.chain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One node's in-memory representation of a blockref, mirroring {@code hammer2_chain_t}: the bref,
 * the data size and (once resolved) the data, an error code, flags, the parent chain, a reference
 * count and a lock count.
 *
 * <p>Chains are compared by identity, exactly as the kernel compares chain pointers
 * ({@code cluster->focus == chain}). A chain belongs to one node for its whole life.
 *
 * <p>Invariants: {@code refs >= 0}, {@code lockCount >= 0}; when data is present its length
 * equals {@code bytes}.
 */
public final class Chain {
    private final int node;
    private Blockref bref;
    private int bytes;
    private byte[] data;
    private int error;
    private final EnumSet<ChainFlag> flags = EnumSet.noneOf(ChainFlag.class);
    private Chain parent;
    private int refs = 1;
    private int lockCount;

    /**
     * A new chain with one reference, no data loaded, no error and no flags. {@code bytes} is the
     * kernel's unsigned {@code u_int}: values from 2^31 up are negative ints and can carry no data.
     */
    public Chain(int node, Blockref bref, int bytes) {
        this.node = node;
        this.bref = Objects.requireNonNull(bref, "bref");
        this.bytes = bytes;
    }

    /** The node (device, {@code chain->hmp}) this chain lives on. */
    public int node() {
        return node;
    }

    public Blockref bref() {
        return bref;
    }

    public void setBref(Blockref newBref) {
        this.bref = Objects.requireNonNull(newBref, "bref");
    }

    /** The data size, an unsigned 32-bit number (see the constructor). */
    public int bytes() {
        return bytes;
    }

    /**
     * The chain's media data: the live array (what {@code chain->data} points to), or null when
     * not loaded. Writers must only write a chain that is {@link ChainFlag#MODIFIED}.
     */
    public byte[] data() {
        return data;
    }

    /** Replaces the data and the size together; {@code newData} may be null (not loaded). */
    public void setData(byte[] newData, int newBytes) {
        if (newData != null && newData.length != newBytes) {
            throw new IllegalArgumentException("data length " + newData.length + " != bytes " + newBytes);
        }
        this.data = newData;
        this.bytes = newBytes;
        assert checkInvariants();
    }

    public int error() {
        return error;
    }

    public void setError(int newError) {
        this.error = newError;
    }

    public boolean hasFlag(ChainFlag flag) {
        return flags.contains(flag);
    }

    /** A copy of the flag set. */
    public Set<ChainFlag> flags() {
        return EnumSet.copyOf(flags);
    }

    public void setFlags(Set<ChainFlag> set) {
        flags.addAll(set);
    }

    public void clearFlags(Set<ChainFlag> set) {
        flags.removeAll(set);
    }

    public Chain parent() {
        return parent;
    }

    public void setParent(Chain newParent) {
        this.parent = newParent;
    }

    public int refs() {
        return refs;
    }

    /** Mirrors hammer2_chain_ref(). */
    public void ref() {
        refs++;
    }

    /** Mirrors hammer2_chain_drop(): one reference less. Dropping an unreferenced chain is a bug. */
    public void drop() {
        if (refs <= 0) {
            throw new IllegalStateException("chain " + this + " dropped with no references");
        }
        refs--;
    }

    public int lockCount() {
        return lockCount;
    }

    /** Mirrors hammer2_chain_lock(): kemu's chains are confined to one thread, so it only counts. */
    public void lock() {
        lockCount++;
    }

    /** Mirrors hammer2_chain_unlock(). Unlocking an unlocked chain is a bug. */
    public void unlock() {
        if (lockCount <= 0) {
            throw new IllegalStateException("chain " + this + " unlocked while not locked");
        }
        lockCount--;
    }

    private boolean checkInvariants() {
        assert refs >= 0 : "refs " + refs;
        assert lockCount >= 0 : "lockCount " + lockCount;
        assert data == null || data.length == bytes : "data length " + data.length + " bytes " + bytes;
        return true;
    }

    @Override
    public String toString() {
        return "Chain[node " + node + " " + bref.type() + " key 0x" + Long.toHexString(bref.key())
                + "/" + bref.keybits() + " tid " + Long.toUnsignedString(bref.modifyTid())
                + " bytes " + Integer.toUnsignedString(bytes) + (error != 0 ? " error " + ChainError.describe(error) : "") + "]";
    }
}
