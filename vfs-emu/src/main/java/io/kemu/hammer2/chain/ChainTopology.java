package io.kemu.hammer2.chain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * One node's chain topology: a root chain and, for every parent, its children in a tree keyed by
 * their (unsigned) key - the in-memory picture hammer2_chain.c keeps in each chain's RB tree.
 * Lookups and iteration follow hammer2_chain_lookup()/hammer2_chain_next() over key ranges.
 *
 * <p>Invariants: the children of one parent never overlap in key range; every child's
 * {@code parent()} is the chain it is filed under; a deleted chain is in no tree. Blockref arrays
 * here are flat (no indirect blocks are ever created), so a lookup never changes the parent.
 *
 * <p>Not thread-safe: a topology is owned by one thread or one actor.
 */
public final class ChainTopology implements ChainScanner, ChainMutator {
    /** errno values hammer2_chain_create() can return. */
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;

    /** {@code HAMMER2_RADIX_MAX}: the largest physical block (64 KiB). */
    public static final int RADIX_MAX = 16;

    private final int node;
    private final Chain root;
    private final Map<Chain, NavigableMap<Long, Chain>> children = new IdentityHashMap<>();
    private int modifyFault;

    /** A topology for {@code node} whose root is a fresh chain with the given bref and size. */
    public ChainTopology(int node, Blockref rootBref, int rootBytes) {
        this.node = node;
        this.root = new Chain(node, rootBref, rootBytes);
        this.root.setData(new byte[rootBytes], rootBytes);
    }

    public int node() {
        return node;
    }

    public Chain root() {
        return root;
    }

    /**
     * Fault injection: while non-zero, hammer2_chain_modify() fails and sets this error on the
     * chain instead of modifying it (a media error at copy-on-write time).
     */
    public void injectModifyError(int error) {
        this.modifyFault = error;
    }

    /** The children of {@code parent} in key order (a copy). */
    public List<Chain> childrenOf(Chain parent) {
        NavigableMap<Long, Chain> tree = children.get(parent);
        return tree == null ? List.of() : new ArrayList<>(tree.values());
    }

    /** The child of {@code parent} whose range starts exactly at {@code key}, or null. */
    public Chain childAt(Chain parent, long key) {
        NavigableMap<Long, Chain> tree = children.get(parent);
        return tree == null ? null : tree.get(key);
    }

    @Override
    public ChainLookup lookup(Chain parent, long keyBeg, long keyEnd, Set<LookupFlag> flags) {
        requireOwn(parent);
        if (parent.error() != 0 || Long.compareUnsigned(keyBeg, keyEnd) > 0) {
            return ChainLookup.none(keyEnd);
        }
        NavigableMap<Long, Chain> tree = children.getOrDefault(parent, Collections.emptyNavigableMap());
        Map.Entry<Long, Chain> below = tree.floorEntry(keyBeg);
        Chain found = null;
        if (below != null && below.getValue().bref().overlaps(keyBeg, keyEnd)) {
            found = below.getValue();
        } else {
            Map.Entry<Long, Chain> above = tree.higherEntry(keyBeg);
            if (above != null && Long.compareUnsigned(above.getKey(), keyEnd) <= 0) {
                found = above.getValue();
            }
        }
        if (found == null) {
            return ChainLookup.none(keyEnd);
        }
        found.ref();
        if (!flags.contains(LookupFlag.NOLOCK)) {
            found.lock();
        }
        return new ChainLookup(found, found.bref().keyLast() + 1);
    }

    @Override
    public ChainLookup next(Chain parent, Chain prev, long keyBeg, long keyEnd, Set<LookupFlag> flags) {
        long nextBeg = prev.bref().keyLast() + 1;
        if (!flags.contains(LookupFlag.NOLOCK)) {
            prev.unlock();
        }
        prev.drop();
        if (nextBeg == 0 || Long.compareUnsigned(nextBeg, keyEnd) > 0) {
            return new ChainLookup(null, nextBeg);
        }
        return lookup(parent, nextBeg, keyEnd, flags);
    }

    @Override
    public Created create(Chain parent, Chain existing, long tid, long key, int keybits, BrefType type, int bytes) {
        requireOwn(parent);
        if (keybits > Blockref.MAX_KEYBITS || bytes < 0 || bytes > 1 << RADIX_MAX) {
            return new Created(EINVAL, existing);
        }
        Blockref bref = new Blockref(type, key, keybits, tid, 0, 0);
        if (collides(parent, bref, existing)) {
            return new Created(EEXIST, existing);
        }
        Chain chain = existing;
        if (chain == null) {
            chain = new Chain(node, bref, bytes);
            chain.setData(new byte[bytes], bytes);
            chain.lock();
        } else {
            unlink(chain);
            chain.setBref(chain.bref().withKey(key, keybits).withModifyTid(tid));
            chain.clearFlags(Set.of(ChainFlag.DELETED));
        }
        chain.setFlags(Set.of(ChainFlag.MODIFIED));
        insert(parent, chain);
        modify(parent, tid);
        return new Created(0, chain);
    }

    @Override
    public void modify(Chain chain, long tid) {
        requireOwn(chain);
        if (chain.error() != 0) {
            return;
        }
        if (modifyFault != 0) {
            chain.setError(modifyFault);
            return;
        }
        if (chain.data() == null) {
            chain.setData(new byte[chain.bytes()], chain.bytes());
        }
        chain.setFlags(Set.of(ChainFlag.MODIFIED));
        chain.setBref(chain.bref().withModifyTid(tid));
    }

    @Override
    public void delete(Chain parent, Chain chain, long tid) {
        requireOwn(chain);
        unlink(chain);
        chain.setFlags(Set.of(ChainFlag.DELETED));
        modify(parent, tid);
    }

    @Override
    public void rename(Blockref bref, Chain newParent, Chain chain, long tid) {
        requireOwn(newParent);
        Chain oldParent = chain.parent();
        Blockref target = bref == null ? chain.bref() : chain.bref().withKey(bref.key(), bref.keybits());
        unlink(chain);
        if (collides(newParent, target, chain)) {
            throw new IllegalStateException("rename of " + chain + " collides under " + newParent);
        }
        chain.setBref(target.withModifyTid(tid));
        chain.clearFlags(Set.of(ChainFlag.DELETED));
        chain.setFlags(Set.of(ChainFlag.MODIFIED));
        insert(newParent, chain);
        if (oldParent != null && oldParent != newParent) {
            modify(oldParent, tid);
        }
        modify(newParent, tid);
    }

    @Override
    public void resize(Chain parent, Chain chain, int nradix, long tid) {
        requireOwn(chain);
        if (nradix < 0 || nradix > RADIX_MAX) {
            throw new IllegalArgumentException("resize radix " + nradix + " outside 0.." + RADIX_MAX);
        }
        int nbytes = nradix == 0 ? 0 : 1 << nradix;
        byte[] grown = new byte[nbytes];
        if (chain.data() != null) {
            System.arraycopy(chain.data(), 0, grown, 0, Math.min(nbytes, chain.data().length));
        }
        chain.setData(grown, nbytes);
        modify(chain, tid);
    }

    @Override
    public void setflush(Chain chain) {
        chain.setFlags(Set.of(ChainFlag.ONFLUSH));
    }

    @Override
    public void flush(Chain chain) {
        chain.clearFlags(Set.of(ChainFlag.MODIFIED, ChainFlag.ONFLUSH));
    }

    /** Files {@code chain} under {@code parent} without modifying anything (media load / resync). */
    public void attach(Chain parent, Chain chain) {
        requireOwn(parent);
        requireOwn(chain);
        unlink(chain);
        if (collides(parent, chain.bref(), chain)) {
            throw new IllegalStateException(chain + " collides under " + parent);
        }
        insert(parent, chain);
    }

    /** Takes {@code chain} out of its parent's tree without modifying anything. */
    public void detach(Chain chain) {
        unlink(chain);
    }

    private boolean collides(Chain parent, Blockref bref, Chain ignored) {
        NavigableMap<Long, Chain> tree = children.get(parent);
        if (tree == null) {
            return false;
        }
        Map.Entry<Long, Chain> below = tree.floorEntry(bref.keyLast());
        return below != null && below.getValue() != ignored
                && below.getValue().bref().overlaps(bref.key(), bref.keyLast());
    }

    private void insert(Chain parent, Chain chain) {
        children.computeIfAbsent(parent, p -> new TreeMap<>(Long::compareUnsigned)).put(chain.bref().key(), chain);
        chain.setParent(parent);
        assert checkInvariants(parent);
    }

    private void unlink(Chain chain) {
        Chain parent = chain.parent();
        if (parent == null) {
            return;
        }
        NavigableMap<Long, Chain> tree = children.get(parent);
        if (tree != null && tree.get(chain.bref().key()) == chain) {
            tree.remove(chain.bref().key());
        }
        chain.setParent(null);
    }

    private void requireOwn(Chain chain) {
        if (chain.node() != node) {
            throw new IllegalArgumentException(chain + " does not belong to node " + node);
        }
    }

    private boolean checkInvariants(Chain parent) {
        long previousLast = 0;
        boolean first = true;
        for (Chain child : children.getOrDefault(parent, Collections.emptyNavigableMap()).values()) {
            assert child.parent() == parent : child + " filed under the wrong parent";
            assert first || Long.compareUnsigned(child.bref().key(), previousLast) > 0 : "overlap at " + child;
            previousLast = child.bref().keyLast();
            first = false;
        }
        return true;
    }
}
