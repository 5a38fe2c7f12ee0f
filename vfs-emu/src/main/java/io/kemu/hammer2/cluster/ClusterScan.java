package io.kemu.hammer2.cluster;

import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainLookup;
import io.kemu.hammer2.chain.ChainScanner;
import io.kemu.hammer2.chain.LookupFlag;
import java.util.Objects;
import java.util.Set;

/**
 * Part (2) of hammer2_cluster.c, "lookups and scans": hammer2_cluster_lookup(),
 * hammer2_cluster_next() and hammer2_cluster_next_single_chain(), each issuing the per-node chain
 * lookup through a {@link ChainScanner} and then:
 *
 * <ol>
 *   <li>pass 1 picks the focus by slot order (the parent's focus slot wins in lookup), not by
 *       quorum: the first usable chain, even a stale one;</li>
 *   <li>pass 2 marks INVALID every other chain whose type, key, keybits, modify_tid, size or
 *       inode-ness differs from the focus - INVALID is only ever added;</li>
 *   <li>the cluster is resolved with that focus already set, so quorum masters do not take over.</li>
 * </ol>
 */
public final class ClusterScan {
    private final ChainScanner scanner;

    public ClusterScan(ChainScanner scanner) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
    }

    /** Mirrors hammer2_cluster_lookup(): the first element overlapping [keyBeg, keyEnd]. */
    public Outcome<ScanStep> lookup(Cluster cparent, long keyNext, long keyBeg, long keyEnd, Set<LookupFlag> flags) {
        return Outcome.trap(() -> {
            long keyAccum = keyNext;
            int nullCount = 0;
            Cluster cluster = new Cluster(cparent.pfs());
            if (!flags.contains(LookupFlag.NOLOCK)) {
                cluster.setFlags(Set.of(ClusterFlag.LOCKED));
            }
            int i;
            for (i = 0; i < cparent.nchains(); i++) {
                cluster.item(i).copyFlagsFrom(cparent.item(i));
                if (cparent.chain(i) == null || cparent.item(i).has(ItemFlag.INVALID)) {
                    nullCount++;
                    continue;
                }
                ChainLookup found = scanner.lookup(cparent.chain(i), keyBeg, keyEnd, flags);
                Chain chain = found.chain();
                cluster.item(i).setChain(chain);
                if (chain == null) {
                    nullCount++;
                } else if (chain.error() == 0 && !cluster.item(i).has(ItemFlag.INVALID)) {
                    boolean ddflag = chain.bref().type() == BrefType.INODE;
                    if (cluster.focus() == null) {
                        cluster.focusOn(i);
                        cluster.setDdflag(ddflag);
                    }
                    if (cparent.focus() == cparent.chain(i)) {
                        cluster.focusOn(i);
                        cluster.setDdflag(ddflag);
                    }
                }
                if (Long.compareUnsigned(keyAccum, found.keyNext()) > 0) {
                    keyAccum = found.keyNext();
                }
            }
            invalidateMismatches(cluster, cparent.nchains());
            return finish(cluster, i, nullCount, keyAccum);
        });
    }

    /**
     * Mirrors hammer2_cluster_next(): advances every slot of {@code cluster} past its chain. The
     * caller's cluster is consumed: it is returned advanced, or dropped when nothing is left.
     */
    public Outcome<ScanStep> next(Cluster cparent, Cluster cluster, long keyNext, long keyBeg, long keyEnd,
                                  Set<LookupFlag> flags) {
        return Outcome.trap(() -> {
            long keyAccum = keyNext;
            int nullCount = 0;
            cluster.clearFocus();
            cparent.clearFocus();
            cluster.setDdflag(false);
            int i;
            for (i = 0; i < cparent.nchains(); i++) {
                Chain ochain = cluster.chain(i);
                if (ochain == null) {
                    nullCount++;
                    continue;
                }
                if (cparent.chain(i) == null || cparent.item(i).has(ItemFlag.INVALID)
                        || cluster.item(i).has(ItemFlag.INVALID)) {
                    if (!flags.contains(LookupFlag.NOLOCK)) {
                        ochain.unlock();
                    }
                    ochain.drop();
                    cluster.item(i).setChain(null);
                    nullCount++;
                    continue;
                }
                ChainLookup found = scanner.next(cparent.chain(i), ochain, keyBeg, keyEnd, flags);
                Chain nchain = found.chain();
                cluster.item(i).setChain(nchain);
                if (nchain == null) {
                    nullCount++;
                } else if (nchain.error() == 0) {
                    if (cluster.focus() == null) {
                        cluster.setDdflag(nchain.bref().type() == BrefType.INODE);
                        cluster.focusOn(i);
                    }
                    if (cluster.focus() == ochain) {
                        cluster.focusOn(i);
                    }
                }
                if (Long.compareUnsigned(keyAccum, found.keyNext()) > 0) {
                    keyAccum = found.keyNext();
                }
            }
            invalidateMismatches(cluster, cparent.nchains());
            return finish(cluster, i, nullCount, keyAccum);
        });
    }

    /**
     * Mirrors hammer2_cluster_next_single_chain(): advances only slot {@code index} (never the
     * focus), clears its INVALID and re-checks it against the focus. The cluster is not
     * re-resolved, as in the kernel. Returns the new key_next.
     */
    public Outcome<Long> nextSingleChain(Cluster cparent, Cluster cluster, long keyNext, long keyBeg, long keyEnd,
                                         int index, Set<LookupFlag> flags) {
        return Outcome.trap(() -> {
            long keyAccum = keyNext;
            Chain ochain = cluster.chain(index);
            if (ochain == null) {
                return keyAccum;
            }
            KernelPanic.check(ochain != cluster.focus(), KernelAssert.NEXT_SINGLE_ON_FOCUS,
                    "slot " + index + " is the focus");
            ChainLookup found = scanner.next(cparent.chain(index), ochain, keyBeg, keyEnd, flags);
            Chain nchain = found.chain();
            cluster.item(index).setChain(nchain);
            cluster.item(index).clear(ItemFlag.INVALID);
            if (Long.compareUnsigned(keyAccum, found.keyNext()) > 0) {
                keyAccum = found.keyNext();
            }
            Chain focus = cluster.focus();
            if (focus != null && nchain != null && mismatches(nchain, focus, cluster.ddflag())) {
                cluster.item(index).set(ItemFlag.INVALID);
            }
            return keyAccum;
        });
    }

    /** Pass 2 of lookup/next: INVALID on every usable slot that disagrees with the focus. */
    private static void invalidateMismatches(Cluster cluster, int nchains) {
        Chain focus = cluster.focus();
        if (focus == null) {
            return;
        }
        for (int i = 0; i < nchains; i++) {
            Chain chain = cluster.chain(i);
            if (chain == null || chain == focus || cluster.item(i).has(ItemFlag.INVALID)) {
                continue;
            }
            if (mismatches(chain, focus, cluster.ddflag())) {
                cluster.item(i).set(ItemFlag.INVALID);
            }
        }
    }

    private static boolean mismatches(Chain chain, Chain focus, boolean ddflag) {
        boolean isInode = chain.bref().type() == BrefType.INODE;
        return chain.bref().type() != focus.bref().type()
                || chain.bref().key() != focus.bref().key()
                || chain.bref().keybits() != focus.bref().keybits()
                || chain.bref().modifyTid() != focus.bref().modifyTid()
                || chain.bytes() != focus.bytes()
                || isInode != ddflag;
    }

    /** The common tail ("done:"): nchains, resolve, and NULL when every slot came back empty. */
    private static ScanStep finish(Cluster cluster, int nchains, int nullCount, long keyAccum) {
        cluster.setNchains(nchains);
        ClusterLocking.resolveOrPanic(cluster);
        ClusterState state = cluster.snapshot();
        if (nullCount == nchains) {
            KernelPanic.unwrap(ClusterLocking.drop(cluster));
            return new ScanStep(null, state, keyAccum);
        }
        return new ScanStep(cluster, state, keyAccum);
    }
}
