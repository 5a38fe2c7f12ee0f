package io.kemu.vfs;

/**
 * Vnode types ({@code enum vtype} in {@code sys/vnode.h}); {@link #code()} is the value journaled in
 * a VTYPE leaf (a 4-byte int).
 */
public enum VType {
    VNON(0),
    VREG(1),
    VDIR(2),
    VBLK(3),
    VCHR(4),
    VLNK(5),
    VSOCK(6),
    VFIFO(7),
    VBAD(8);

    private final int code;

    VType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Block or character device. */
    public boolean isDevice() {
        return this == VBLK || this == VCHR;
    }
}
