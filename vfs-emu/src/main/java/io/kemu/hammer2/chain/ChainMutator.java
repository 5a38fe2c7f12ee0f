package io.kemu.hammer2.chain;

/**
 * The per-node modifying functions of {@code hammer2_chain.c} that the modifying cluster
 * operations call, each on the FEMOD items only. {@code tid} is the transaction id that becomes
 * the new {@code modify_tid} of everything the call modifies.
 */
public interface ChainMutator {

    /** What hammer2_chain_create() returns: an errno-style error (0 = none) and the chain. */
    record Created(int error, Chain chain) {
    }

    /**
     * Mirrors hammer2_chain_create(): a new chain under {@code parent} (or {@code existing}
     * re-inserted with the given key when not null). The parent is modified.
     */
    Created create(Chain parent, Chain existing, long tid, long key, int keybits, BrefType type, int bytes);

    /** Mirrors hammer2_chain_modify(): MODIFIED, modify_tid = tid; may set the chain's error. */
    void modify(Chain chain, long tid);

    /** Mirrors hammer2_chain_delete(): removes chain from parent, flags it DELETED. */
    void delete(Chain parent, Chain chain, long tid);

    /**
     * Mirrors hammer2_chain_rename(): moves chain under newParent; with a bref, the chain takes its
     * key and keybits first.
     */
    void rename(Blockref bref, Chain newParent, Chain chain, long tid);

    /** Mirrors hammer2_chain_resize(): the chain's storage becomes {@code 1 << nradix} bytes. */
    void resize(Chain parent, Chain chain, int nradix, long tid);

    /** Mirrors hammer2_chain_setflush(). */
    void setflush(Chain chain);

    /** Mirrors hammer2_flush() of one chain: its modifications reach the media. */
    void flush(Chain chain);
}
