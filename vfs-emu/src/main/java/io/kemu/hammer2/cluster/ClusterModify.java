package io.kemu.hammer2.cluster;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainFlag;
import io.kemu.hammer2.chain.ChainMutator;
import io.kemu.hammer2.chain.InodeDataDescriptor;
import java.util.EnumSet;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Part (3) of hammer2_cluster.c, "modifying operations": create, rename, delete, modify, modsync,
 * resize, setflush and setmethod_check. Each acts only on the items flagged FEMOD (a quorum of
 * masters, a soft master or SUPROOT) and marks every other item INVALID, exactly as the kernel's
 * loops do; the per-node work goes through a {@link ChainMutator}.
 *
 * <p>Invariant on return of each call: no non-FEMOD chain was passed to the mutator.
 */
public final class ClusterModify {
    private static final Logger log = LoggerFactory.getLogger(ClusterModify.class);

    /** {@code HAMMER2_ENC_CHECK(n)}: the check algorithm's place in {@code bref.methods}. */
    static int encCheck(int algo) {
        return (algo & 15) << 4;
    }

    private final ChainMutator chains;

    public ClusterModify(ChainMutator chains) {
        this.chains = Objects.requireNonNull(chains, "chains");
    }

    /**
     * Mirrors hammer2_cluster_create(): creates the element on every FEMOD slot of the parent. With
     * {@code existing} null a new locked cluster is made; otherwise the existing cluster's FEMOD
     * chains are re-inserted and its other slots become INVALID. The focus follows the parent's.
     * A chain-level create error is a kernel assertion (KKASSERT(error == 0)).
     */
    public Outcome<Cluster> create(Transaction trans, Cluster cparent, Cluster existing,
                                   long key, int keybits, BrefType type, int bytes) {
        return Outcome.trap(() -> {
            Cluster cluster = existing;
            if (cluster == null) {
                cluster = new Cluster(trans.pfs());
                cluster.setFlags(EnumSet.of(ClusterFlag.LOCKED));
            }
            cluster.clearFocus();
            int i;
            for (i = 0; i < cparent.nchains(); i++) {
                if (!cparent.item(i).has(ItemFlag.FEMOD)) {
                    cluster.item(i).set(ItemFlag.INVALID);
                    continue;
                }
                if (existing != null) {
                    if (!cluster.item(i).has(ItemFlag.FEMOD)) {
                        cluster.item(i).set(ItemFlag.INVALID);
                        continue;
                    }
                    if (cluster.chain(i) == null) {
                        continue;
                    }
                }
                ChainMutator.Created created = chains.create(cparent.chain(i), cluster.chain(i), trans.tid(),
                        key, keybits, type, bytes);
                KernelPanic.check(created.error() == 0, KernelAssert.CREATE_FAILED,
                        "hammer2_chain_create on slot " + i + " returned error " + created.error());
                cluster.item(i).setChain(created.chain());
                if (cluster.focus() == null) {
                    cluster.focusOn(i);
                }
                if (cparent.focus() == cparent.chain(i)) {
                    cluster.focusOn(i);
                }
            }
            cluster.setNchains(i);
            return ClusterLocking.resolveOrPanic(cluster);
        });
    }

    /**
     * Mirrors hammer2_cluster_rename(): moves each FEMOD chain under the parent's chain of the same
     * slot, taking key and keybits from {@code bref} when given. Both clusters are left without a
     * focus, as the kernel leaves them.
     */
    public Outcome<Cluster> rename(Transaction trans, Blockref bref, Cluster cparent, Cluster cluster) {
        return Outcome.trap(() -> {
            cluster.clearFocus();
            cparent.clearFocus();
            for (int i = 0; i < cluster.nchains(); i++) {
                if (!cluster.item(i).has(ItemFlag.FEMOD)) {
                    cluster.item(i).set(ItemFlag.INVALID);
                    continue;
                }
                Chain chain = cluster.chain(i);
                if (chain != null) {
                    Blockref xbref = bref == null ? null : chain.bref().withKey(bref.key(), bref.keybits());
                    chains.rename(xbref, cparent.chain(i), chain, trans.tid());
                    KernelPanic.check(cluster.chain(i) == chain, KernelAssert.RENAME_REPLACED_CHAIN,
                            "slot " + i + " changed chain during rename");
                }
            }
            return cluster;
        });
    }

    /**
     * Mirrors hammer2_cluster_delete(): deletes each FEMOD chain from the parent's chain of the same
     * slot. A null parent, or a chain whose parent is not that chain, is only logged, as the
     * kernel only prints. Returns how many chains were deleted.
     */
    public int delete(Transaction trans, Cluster cparent, Cluster cluster) {
        if (cparent == null) {
            log.warn("hammer2_cluster_delete: cparent is NULL");
            return 0;
        }
        int deleted = 0;
        for (int i = 0; i < cluster.nchains(); i++) {
            if (!cluster.item(i).has(ItemFlag.FEMOD)) {
                cluster.item(i).set(ItemFlag.INVALID);
                continue;
            }
            Chain parent = cparent.chain(i);
            Chain chain = cluster.chain(i);
            if (chain == null) {
                continue;
            }
            if (chain.parent() != parent) {
                log.warn("hammer2_cluster_delete: parent mismatch chain={} parent={} against={}",
                        chain, chain.parent(), parent);
            } else {
                chains.delete(parent, chain, trans.tid());
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Mirrors hammer2_cluster_modify(): makes every usable FEMOD chain writable in the
     * transaction. If the focus errors doing so, the cluster takes its error and is resolved
     * again - which keeps the errored focus (see {@link ClusterResolver}).
     */
    public Outcome<Cluster> modify(Transaction trans, Cluster cluster) {
        return Outcome.trap(() -> {
            boolean resolveAgain = false;
            for (int i = 0; i < cluster.nchains(); i++) {
                if (!cluster.item(i).has(ItemFlag.FEMOD)) {
                    cluster.item(i).set(ItemFlag.INVALID);
                    continue;
                }
                Chain chain = cluster.chain(i);
                if (chain == null || chain.error() != 0) {
                    continue;
                }
                chains.modify(chain, trans.tid());
                if (cluster.focus() == chain && chain.error() != 0) {
                    cluster.setError(chain.error());
                    resolveAgain = true;
                }
            }
            if (resolveAgain) {
                ClusterLocking.resolveOrPanic(cluster);
            }
            return cluster;
        });
    }

    /**
     * Mirrors hammer2_cluster_modsync(): copies the focus's data to the other usable FEMOD chains.
     * INODE copies only the part before {@code u} unless DIRECTDATA is set, DATA copies
     * everything; freemap and volume types are refused ("illegal node type"), others are unknown.
     * Focus and every target must be MODIFIED and of the same size and type.
     */
    public Outcome<Cluster> modsync(Cluster cluster) {
        return Outcome.trap(() -> {
            Chain focus = cluster.focus();
            KernelPanic.check(focus != null, KernelAssert.NO_FOCUS, "modsync without a focus");
            KernelPanic.check(focus.hasFlag(ChainFlag.MODIFIED), KernelAssert.NOT_MODIFIED, "focus not modified");
            for (int i = 0; i < cluster.nchains(); i++) {
                if (!cluster.item(i).has(ItemFlag.FEMOD)) {
                    continue;
                }
                Chain scan = cluster.chain(i);
                if (scan == null || scan == focus || scan.error() != 0) {
                    continue;
                }
                KernelPanic.check(scan.hasFlag(ChainFlag.MODIFIED), KernelAssert.NOT_MODIFIED,
                        "slot " + i + " not modified");
                KernelPanic.check(focus.bytes() == scan.bytes() && focus.bref().type() == scan.bref().type(),
                        KernelAssert.MODSYNC_MISMATCH, "slot " + i + " differs from the focus in size or type");
                copyForModsync(focus, scan);
            }
            return cluster;
        });
    }

    private static void copyForModsync(Chain focus, Chain scan) {
        BrefType type = focus.bref().type();
        if (type.isFreemapOrVolume()) {
            throw KernelPanic.raise(KernelAssert.MODSYNC_ILLEGAL_TYPE, "hammer2_cluster_modsync: illegal node type " + type);
        }
        int length;
        if (type == BrefType.INODE
                && (InodeDataDescriptor.opFlags(focus.data()) & InodeDataDescriptor.OPFLAG_DIRECTDATA) == 0) {
            length = Math.min(InodeDataDescriptor.U_OFFSET, focus.bytes());
        } else if (type == BrefType.INODE || type == BrefType.DATA) {
            length = focus.bytes();
        } else {
            throw KernelPanic.raise(KernelAssert.MODSYNC_UNKNOWN_TYPE, "hammer2_cluster_modsync: unknown node type " + type);
        }
        System.arraycopy(focus.data(), 0, scan.data(), 0, length);
    }

    /**
     * Mirrors hammer2_cluster_resize(): resizes each FEMOD chain to {@code 1 << nradix} bytes
     * (INVALID elsewhere). Parent and cluster must be of the same PFS and size.
     */
    public Outcome<Cluster> resize(Transaction trans, Cluster cparent, Cluster cluster, int nradix) {
        return Outcome.trap(() -> {
            KernelPanic.check(cparent.pfs() == cluster.pfs() && cparent.nchains() == cluster.nchains(),
                    KernelAssert.RESIZE_MISMATCH, "parent and cluster differ in PFS or size");
            for (int i = 0; i < cluster.nchains(); i++) {
                if (!cluster.item(i).has(ItemFlag.FEMOD)) {
                    cluster.item(i).set(ItemFlag.INVALID);
                    continue;
                }
                Chain chain = cluster.chain(i);
                if (chain != null) {
                    KernelPanic.check(cparent.chain(i) != null, KernelAssert.RESIZE_NO_PARENT,
                            "slot " + i + " has no parent chain");
                    chains.resize(cparent.chain(i), chain, nradix, trans.tid());
                }
            }
            return cluster;
        });
    }

    /** Mirrors hammer2_cluster_setflush(): flags each usable FEMOD chain for the flusher. */
    public void setflush(Cluster cluster) {
        for (int i = 0; i < cluster.nchains(); i++) {
            Chain chain = cluster.chain(i);
            if (cluster.item(i).has(ItemFlag.FEMOD) && chain != null && chain.error() == 0) {
                chains.setflush(chain);
            }
        }
    }

    /**
     * Mirrors hammer2_cluster_setmethod_check(): sets the check algorithm in the bref of each
     * usable FEMOD chain (which must be MODIFIED); other items become INVALID.
     */
    public Outcome<Cluster> setMethodCheck(Cluster cluster, int checkAlgo) {
        return Outcome.trap(() -> {
            KernelPanic.check(cluster.has(ClusterFlag.LOCKED), KernelAssert.NOT_LOCKED, "setmethod_check unlocked");
            for (int i = 0; i < cluster.nchains(); i++) {
                if (!cluster.item(i).has(ItemFlag.FEMOD)) {
                    cluster.item(i).set(ItemFlag.INVALID);
                    continue;
                }
                Chain chain = cluster.chain(i);
                if (chain == null || chain.error() != 0) {
                    continue;
                }
                KernelPanic.check(chain.hasFlag(ChainFlag.MODIFIED), KernelAssert.NOT_MODIFIED,
                        "slot " + i + " not modified");
                int methods = (chain.bref().methods() & ~encCheck(-1)) | encCheck(checkAlgo);
                chain.setBref(chain.bref().withMethods(methods));
            }
            return cluster;
        });
    }
}
