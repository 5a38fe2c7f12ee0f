package io.kemu.hammer2.cluster;

/**
 * The role of a PFS (one node's copy) in a cluster, {@code pfs_types[i]}, with the kernel's codes
 * ({@code HAMMER2_PFSTYPE_*}). {@link #NONE}, {@link #CACHE} and {@link #DUMMY} are all "some other
 * type" to hammer2_cluster_resolve() and behave identically.
 */
public enum PfsType {
    NONE(0x00),
    CACHE(0x01),
    SLAVE(0x03),
    SOFT_SLAVE(0x04),
    SOFT_MASTER(0x05),
    MASTER(0x06),
    SUPROOT(0x08),
    DUMMY(0x09);

    private final int code;

    PfsType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
