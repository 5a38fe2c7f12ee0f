package io.kemu.hammer2.cluster;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainFlag;
import java.util.EnumSet;
import java.util.Set;

/**
 * Part (1) of hammer2_cluster.c, "chain locking and data retrieval", plus the small queries on a
 * locked cluster: reference counting, lock/unlock (which resolve the cluster), copy, parent, the
 * lookup_init/done pair and the degenerate cluster of one chain.
 *
 * <p>Every function mirrors the kernel function of the same name ({@code hammer2_cluster_*}).
 * Where the kernel asserts, the result is {@link Outcome.Asserted}. kemu's chain data is always
 * resident, so the kernel's RESOLVE_* lock modes change nothing and are not modelled.
 */
public final class ClusterLocking {

    private ClusterLocking() {
    }

    /**
     * Mirrors hammer2_cluster_from_chain(): a degenerate, locked cluster of one chain in slot 0,
     * focused on it, with its error and faked flags (WRHARD, RDHARD, MSYNCED, SSYNCED).
     */
    public static Cluster fromChain(Chain chain, Pfs pfs) {
        Cluster cluster = new Cluster(pfs);
        cluster.item(0).setChain(chain);
        cluster.item(0).set(ItemFlag.FEMOD);
        cluster.setNchains(1);
        cluster.focusOn(0);
        cluster.setError(chain.error());
        cluster.setFlags(EnumSet.of(ClusterFlag.LOCKED, ClusterFlag.WRHARD, ClusterFlag.RDHARD,
                ClusterFlag.MSYNCED, ClusterFlag.SSYNCED));
        assert cluster.checkInvariants();
        return cluster;
    }

    /** Mirrors hammer2_cluster_ref(): the cluster's count only (the chain refs are #if 0'd). */
    public static void ref(Cluster cluster) {
        cluster.setRefs(cluster.refs() + 1);
    }

    /**
     * Mirrors hammer2_cluster_drop(): one reference less; the last one clears the focus and drops
     * every chain. Returns the references left.
     */
    public static Outcome<Integer> drop(Cluster cluster) {
        return Outcome.trap(() -> {
            KernelPanic.check(cluster.refs() > 0, KernelAssert.NO_REFS, "drop of an unreferenced cluster");
            cluster.setRefs(cluster.refs() - 1);
            if (cluster.refs() == 0) {
                cluster.clearFocus();
                for (int i = 0; i < cluster.nchains(); i++) {
                    Chain chain = cluster.chain(i);
                    if (chain != null) {
                        chain.drop();
                        cluster.item(i).setChain(null);
                    }
                }
                cluster.setNchains(0);
            }
            return cluster.refs();
        });
    }

    /**
     * Mirrors hammer2_cluster_lock(): sets LOCKED, locks every chain and resolves. The cluster must
     * be referenced, not the inode template, not locked, and have no focus.
     */
    public static Outcome<Cluster> lock(Cluster cluster) {
        return Outcome.trap(() -> {
            KernelPanic.check(cluster.refs() > 0, KernelAssert.NO_REFS, "lock of an unreferenced cluster");
            KernelPanic.check(!cluster.has(ClusterFlag.INODE), KernelAssert.INODE_TEMPLATE,
                    "lock of the inode-embedded cluster template");
            KernelPanic.check(!cluster.has(ClusterFlag.LOCKED), KernelAssert.ALREADY_LOCKED,
                    "hammer2_cluster_lock: cluster already locked");
            KernelPanic.check(cluster.focus() == null, KernelAssert.FOCUS_NOT_CLEARED, "lock with a focus set");
            cluster.setFlags(EnumSet.of(ClusterFlag.LOCKED));
            for (int i = 0; i < cluster.nchains(); i++) {
                Chain chain = cluster.chain(i);
                if (chain != null) {
                    chain.lock();
                }
            }
            return resolveOrPanic(cluster);
        });
    }

    /** Mirrors hammer2_cluster_resolve(): applies {@link ClusterResolver} to the cluster. */
    public static Outcome<Cluster> resolve(Cluster cluster) {
        return Outcome.trap(() -> resolveOrPanic(cluster));
    }

    /** The resolve step inside a ported function: a tripped assertion panics the caller. */
    static Cluster resolveOrPanic(Cluster cluster) {
        Resolution resolution = KernelPanic.unwrap(ClusterResolver.resolve(ResolveInput.of(cluster)));
        if (resolution.focusIndex() >= 0) {
            cluster.focusOn(resolution.focusIndex());
        }
        cluster.setError(resolution.error());
        cluster.clearFlags(EnumSet.allOf(ClusterFlag.class));
        cluster.setFlags(resolution.flags());
        for (int i = 0; i < cluster.nchains(); i++) {
            if (resolution.isFemod(i)) {
                cluster.item(i).set(ItemFlag.FEMOD);
            } else {
                cluster.item(i).clear(ItemFlag.FEMOD);
            }
        }
        assert cluster.checkInvariants();
        return cluster;
    }

    /**
     * Mirrors hammer2_cluster_copy(): a new unlocked cluster with one ref holding the same chains
     * (each ref'd). No focus, no flags, and - because the kernel's copy is zeroed - no item flags.
     */
    public static Cluster copy(Cluster ocluster) {
        Cluster ncluster = new Cluster(ocluster.pfs());
        ncluster.setNchains(ocluster.nchains());
        for (int i = 0; i < ocluster.nchains(); i++) {
            Chain chain = ocluster.chain(i);
            ncluster.item(i).setChain(chain);
            if (chain != null) {
                chain.ref();
            }
        }
        return ncluster;
    }

    /** Mirrors hammer2_cluster_unlock(): clears LOCKED and the focus, unlocks every chain. */
    public static Outcome<Cluster> unlock(Cluster cluster) {
        return Outcome.trap(() -> {
            KernelPanic.check(cluster.has(ClusterFlag.LOCKED), KernelAssert.NOT_LOCKED,
                    "hammer2_cluster_unlock: cluster not locked");
            KernelPanic.check(cluster.refs() > 0, KernelAssert.NO_REFS, "unlock of an unreferenced cluster");
            cluster.clearFlags(EnumSet.of(ClusterFlag.LOCKED));
            for (int i = 0; i < cluster.nchains(); i++) {
                Chain chain = cluster.chain(i);
                if (chain != null) {
                    chain.unlock();
                }
            }
            cluster.clearFocus();
            return cluster;
        });
    }

    /** Mirrors hammer2_cluster_lookup_init(): a locked copy of the parent, to iterate under. */
    public static Outcome<Cluster> lookupInit(Cluster cparent) {
        return lock(copy(cparent));
    }

    /** Mirrors hammer2_cluster_lookup_done(): unlock and drop the lookup_init copy (null is fine). */
    public static Outcome<Cluster> lookupDone(Cluster cparent) {
        if (cparent == null) {
            return Outcome.done(null);
        }
        return Outcome.trap(() -> {
            KernelPanic.unwrap(unlock(cparent));
            KernelPanic.unwrap(drop(cparent));
            return cparent;
        });
    }

    /**
     * Mirrors hammer2_cluster_parent(): a locked, resolved cluster of each chain's parent; its
     * focus follows the child's. The child must be locked (the kernel unlocks and relocks it).
     */
    public static Outcome<Cluster> parent(Cluster cluster) {
        return Outcome.trap(() -> {
            KernelPanic.check(cluster.has(ClusterFlag.LOCKED), KernelAssert.NOT_LOCKED,
                    "hammer2_cluster_parent of an unlocked cluster");
            Cluster cparent = copy(cluster);
            for (int i = 0; i < cparent.nchains(); i++) {
                Chain chain = cparent.chain(i);
                if (chain == null) {
                    continue;
                }
                Chain rchain;
                while ((rchain = chain.parent()) != null) {
                    rchain.ref();
                    chain.unlock();
                    rchain.lock();
                    chain.lock();
                    if (chain.parent() == rchain) {
                        break;
                    }
                    rchain.unlock();
                    rchain.drop();
                }
                cparent.item(i).setChain(rchain);
                if (cluster.focus() == chain) {
                    cparent.focusOn(i);
                }
                chain.drop();
            }
            cparent.setFlags(EnumSet.of(ClusterFlag.LOCKED));
            return resolveOrPanic(cparent);
        });
    }

    /** Mirrors hammer2_cluster_type(): the focus's bref type, EMPTY when the cluster is errored. */
    public static Outcome<BrefType> type(Cluster cluster) {
        return Outcome.trap(() -> {
            requireLockedFocus(cluster);
            return cluster.error() == 0 ? cluster.focus().bref().type() : BrefType.EMPTY;
        });
    }

    /** Mirrors hammer2_cluster_modified(): whether the focus is MODIFIED (false when errored). */
    public static Outcome<Boolean> modified(Cluster cluster) {
        return Outcome.trap(() -> {
            requireLockedFocus(cluster);
            return cluster.error() == 0 && cluster.focus().hasFlag(ChainFlag.MODIFIED);
        });
    }

    /** Mirrors hammer2_cluster_bref(): the focus's bref, or an all-zero bref when errored. */
    public static Outcome<Blockref> bref(Cluster cluster) {
        return Outcome.trap(() -> {
            requireLockedFocus(cluster);
            return cluster.error() == 0 ? cluster.focus().bref() : new Blockref(BrefType.EMPTY, 0, 0, 0, 0, 0);
        });
    }

    /** Mirrors hammer2_cluster_isunlinked(): UNLINKED on any FEMOD chain (no lock needed). */
    public static boolean isUnlinked(Cluster cluster) {
        for (int i = 0; i < cluster.nchains(); i++) {
            Chain chain = cluster.chain(i);
            if (cluster.item(i).has(ItemFlag.FEMOD) && chain != null && chain.hasFlag(ChainFlag.UNLINKED)) {
                return true;
            }
        }
        return false;
    }

    /** Mirrors hammer2_cluster_set_chainflags(): on every chain, FEMOD or not. */
    public static void setChainFlags(Cluster cluster, Set<ChainFlag> flags) {
        for (Chain chain : cluster.chains()) {
            if (chain != null) {
                chain.setFlags(flags);
            }
        }
    }

    /** Mirrors hammer2_cluster_clr_chainflags(): on every chain, FEMOD or not. */
    public static void clrChainFlags(Cluster cluster, Set<ChainFlag> flags) {
        for (Chain chain : cluster.chains()) {
            if (chain != null) {
                chain.clearFlags(flags);
            }
        }
    }

    /** Mirrors hammer2_cluster_need_resize(): a usable FEMOD chain whose size is not {@code bytes}. */
    public static Outcome<Boolean> needResize(Cluster cluster, int bytes) {
        return Outcome.trap(() -> {
            KernelPanic.check(cluster.has(ClusterFlag.LOCKED), KernelAssert.NOT_LOCKED, "need_resize unlocked");
            for (int i = 0; i < cluster.nchains(); i++) {
                Chain chain = cluster.chain(i);
                if (cluster.item(i).has(ItemFlag.FEMOD) && chain != null && chain.error() == 0
                        && chain.bytes() != bytes) {
                    return true;
                }
            }
            return false;
        });
    }

    private static void requireLockedFocus(Cluster cluster) {
        KernelPanic.check(cluster.has(ClusterFlag.LOCKED), KernelAssert.NOT_LOCKED, "cluster not locked");
        KernelPanic.check(cluster.error() != 0 || cluster.focus() != null, KernelAssert.NO_FOCUS,
                "unerrored cluster without a focus");
    }
}
