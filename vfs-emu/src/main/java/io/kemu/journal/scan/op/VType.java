package io.kemu.journal.scan.op;

/** Vnode type values carried by VTYPE leaves ({@code enum vtype} in {@code sys/vnode.h}). */
public final class VType {
    public static final int VNON = 0;
    public static final int VREG = 1;
    public static final int VDIR = 2;
    public static final int VBLK = 3;
    public static final int VCHR = 4;
    public static final int VLNK = 5;
    public static final int VSOCK = 6;
    public static final int VFIFO = 7;
    public static final int VBAD = 8;

    private VType() {
    }
}
