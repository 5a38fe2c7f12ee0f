package io.kemu.hammer2.cluster;

import io.kemu.hammer2.chain.Chain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A set of chains, one per node, that represent the same element ({@code hammer2_cluster_t}):
 * {@link #MAX_CLUSTER} item slots of which the first {@code nchains} are in use, the focus chain
 * and its slot, an error, cluster flags, a reference count and the ddflag (the focus is an inode).
 *
 * <p>Invariants (checked under {@code assert}): {@code 0 <= nchains <= MAX_CLUSTER}; the focus is
 * null or is the chain of slot {@code focusIndex}; no chain sits in two slots; {@code refs >= 0}.
 *
 * <p>Mutators are package-private: only the ported cluster functions change a cluster. The
 * public setters exist for building a cluster by hand (tests, the conformance replayer).
 */
public final class Cluster {
    /** {@code HAMMER2_MAXCLUSTER}. */
    public static final int MAX_CLUSTER = 8;

    private final Pfs pfs;
    private final ClusterItem[] items = new ClusterItem[MAX_CLUSTER];
    private int nchains;
    private Chain focus;
    private int focusIndex;
    private int error;
    private final EnumSet<ClusterFlag> flags = EnumSet.noneOf(ClusterFlag.class);
    private int refs;
    private boolean ddflag;

    /** A zeroed cluster with one reference, as kmalloc(M_ZERO) + {@code refs = 1} gives. */
    public Cluster(Pfs pfs) {
        this.pfs = Objects.requireNonNull(pfs, "pfs");
        for (int i = 0; i < MAX_CLUSTER; i++) {
            items[i] = new ClusterItem();
        }
        this.refs = 1;
    }

    public Pfs pfs() {
        return pfs;
    }

    public ClusterItem item(int index) {
        return items[index];
    }

    public Chain chain(int index) {
        return items[index].chain();
    }

    public int nchains() {
        return nchains;
    }

    public void setNchains(int n) {
        if (n < 0 || n > MAX_CLUSTER) {
            throw new IllegalArgumentException("nchains " + n + " outside 0.." + MAX_CLUSTER);
        }
        this.nchains = n;
    }

    public Chain focus() {
        return focus;
    }

    /** The focus slot, meaningful only while {@link #focus()} is not null (as in the kernel). */
    public int focusIndex() {
        return focusIndex;
    }

    /** Sets the focus to slot {@code index}'s chain. */
    public void focusOn(int index) {
        this.focusIndex = index;
        this.focus = items[index].chain();
    }

    /** {@code focus = NULL; focus_index = 0}. */
    public void clearFocus() {
        this.focus = null;
        this.focusIndex = 0;
    }

    public int error() {
        return error;
    }

    void setError(int newError) {
        this.error = newError;
    }

    public boolean has(ClusterFlag flag) {
        return flags.contains(flag);
    }

    /** A copy of the flags. */
    public Set<ClusterFlag> flags() {
        return flags.isEmpty() ? EnumSet.noneOf(ClusterFlag.class) : EnumSet.copyOf(flags);
    }

    public void setFlags(Set<ClusterFlag> set) {
        flags.addAll(set);
    }

    public void clearFlags(Set<ClusterFlag> set) {
        flags.removeAll(set);
    }

    public int refs() {
        return refs;
    }

    void setRefs(int newRefs) {
        this.refs = newRefs;
    }

    public boolean ddflag() {
        return ddflag;
    }

    void setDdflag(boolean value) {
        this.ddflag = value;
    }

    /** The chains of the used slots in slot order, nulls included. */
    public List<Chain> chains() {
        List<Chain> out = new ArrayList<>(nchains);
        for (int i = 0; i < nchains; i++) {
            out.add(items[i].chain());
        }
        return Collections.unmodifiableList(out);
    }

    /** The resolved state as the conformance vectors report it. */
    public ClusterState snapshot() {
        List<Set<ItemFlag>> itemFlags = new ArrayList<>(nchains);
        for (int i = 0; i < nchains; i++) {
            itemFlags.add(items[i].flags());
        }
        return new ClusterState(focus == null ? -1 : focusIndex, error, ddflag, flags(), itemFlags);
    }

    boolean checkInvariants() {
        assert nchains >= 0 && nchains <= MAX_CLUSTER : "nchains " + nchains;
        assert refs >= 0 : "refs " + refs;
        assert focus == null || items[focusIndex].chain() == focus : "focus is not slot " + focusIndex + "'s chain";
        Set<Chain> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < nchains; i++) {
            Chain chain = items[i].chain();
            if (chain != null) {
                assert seen.add(chain) : chain + " in two slots";
            }
        }
        return true;
    }
}
