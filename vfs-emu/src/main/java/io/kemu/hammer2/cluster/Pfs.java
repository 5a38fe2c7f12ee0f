package io.kemu.hammer2.cluster;

import java.util.List;

/**
 * The part of {@code hammer2_pfs_t} the cluster code reads: the type of each cluster slot
 * ({@code pfs_types[]}) and the configured number of masters ({@code pfs_nmasters}), which alone
 * sets the quorum: {@code nmasters / 2 + 1}.
 *
 * <p>Invariants: 1..{@link Cluster#MAX_CLUSTER} slot types, nmasters 0..255 (a byte on media).
 */
public record Pfs(List<PfsType> types, int nmasters) {

    public Pfs {
        types = List.copyOf(types);
        if (types.isEmpty() || types.size() > Cluster.MAX_CLUSTER) {
            throw new IllegalArgumentException("a PFS has 1.." + Cluster.MAX_CLUSTER + " slots, not " + types.size());
        }
        if (nmasters < 0 || nmasters > 255) {
            throw new IllegalArgumentException("pfs_nmasters " + nmasters + " outside 0..255");
        }
    }

    /** The type of slot {@code index}. */
    public PfsType type(int index) {
        return types.get(index);
    }

    public int slots() {
        return types.size();
    }

    /** How many agreeing masters a quorum needs ({@code pfs_nmasters / 2 + 1}). */
    public int quorum() {
        return nmasters / 2 + 1;
    }

    /** A PFS of {@code masters} MASTER slots followed by {@code slaves} SLAVE slots. */
    public static Pfs mastersThenSlaves(int masters, int slaves) {
        PfsType[] types = new PfsType[masters + slaves];
        for (int i = 0; i < types.length; i++) {
            types[i] = i < masters ? PfsType.MASTER : PfsType.SLAVE;
        }
        return new Pfs(List.of(types), masters);
    }
}
