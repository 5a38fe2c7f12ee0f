package io.kemu.hammer2.cluster;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Cluster flags ({@code HAMMER2_CLUSTER_*}) with the 2015 kernel's bit values. Declared in bit
 * order; {@link #REPORTED} lists the ten that resolution computes, in the alphabetical order the
 * conformance vectors print them.
 */
public enum ClusterFlag {
    INODE(0x00000001),
    NOSYNC(0x00000002),
    LOCKED(0x00000004),
    WRHARD(0x00000100),
    RDHARD(0x00000200),
    UNHARD(0x00000400),
    NOHARD(0x00000800),
    WRSOFT(0x00001000),
    RDSOFT(0x00002000),
    UNSOFT(0x00004000),
    NOSOFT(0x00008000),
    MSYNCED(0x00010000),
    SSYNCED(0x00020000);

    /**
     * {@code HAMMER2_CLUSTER_ZFLAGS}: the flags hammer2_cluster_resolve() clears when it did not
     * compute them this time. UNHARD, NOHARD, UNSOFT and NOSOFT are not among them: they stick.
     */
    public static final Set<ClusterFlag> ZFLAGS =
            Set.copyOf(EnumSet.of(WRHARD, RDHARD, WRSOFT, RDSOFT, MSYNCED, SSYNCED));

    /** The flags resolution reports, alphabetically. */
    public static final List<ClusterFlag> REPORTED = List.of(
            MSYNCED, NOHARD, NOSOFT, RDHARD, RDSOFT, SSYNCED, UNHARD, UNSOFT, WRHARD, WRSOFT);

    private final int bit;

    ClusterFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
