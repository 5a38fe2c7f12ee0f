package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.op.VType;

import java.util.Locale;

/**
 * Kinds of node a plain directory cannot hold natively; the mirror keeps them as a {@link
 * NodeManifest} entry (plus, except for whiteouts, an empty regular placeholder file).
 */
public enum NodeType {
    FIFO, CHR, BLK, SOCK, WHITEOUT;

    /** The manifest spelling: {@code fifo}, {@code chr}, {@code blk}, {@code sock}, {@code whiteout}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NodeType fromToken(String token) {
        for (NodeType t : values()) {
            if (t.token().equals(token)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown node type '" + token + "'");
    }

    /** The special type for a VTYPE value, or null for VREG, VDIR, VLNK and unknown values. */
    public static NodeType ofVtype(long vtype) {
        return switch ((int) vtype) {
            case VType.VFIFO -> FIFO;
            case VType.VCHR -> CHR;
            case VType.VBLK -> BLK;
            case VType.VSOCK -> SOCK;
            default -> null;
        };
    }
}
