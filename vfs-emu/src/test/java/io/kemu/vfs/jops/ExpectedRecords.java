package io.kemu.vfs.jops;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test-only encoder of journal streams, written from JOURNAL-SPEC sections 0 and 1 and
 * independent of the production writers: expected sub-record trees, their bytes (nested sizes
 * patched, LAST on each container's last child, PAD|LAST in empty containers, no LAST at the top,
 * leaves padded to 8) and single-record transactions wrapped in raw records (BEGIN|END, 16-byte
 * header, trailer in the last 8 bytes of the 16-aligned span, zero slack).
 */
final class ExpectedRecords {
    static final int BEGIN = 0x8000;
    static final int END = 0x4000;
    static final int ABORTED = 0x2000;
    static final int LAST = 0x4000;

    private ExpectedRecords() {
    }

    /** An expected sub-record: a leaf with data, or a container with children. */
    static final class Sub {
        final int type;
        final byte[] data;
        final List<Sub> children;

        private Sub(int type, byte[] data, List<Sub> children) {
            this.type = type;
            this.data = data;
            this.children = children;
        }

        /** The sub-record's recsize: 8 + data for a leaf, header to the unaligned end of the last child. */
        int recsize() {
            if (data != null) {
                return 8 + data.length;
            }
            final List<Sub> kids = effectiveChildren();
            int size = 8;
            for (int i = 0; i < kids.size() - 1; ++i) {
                size += align8(kids.get(i).recsize());
            }
            return size + kids.get(kids.size() - 1).recsize();
        }

        private List<Sub> effectiveChildren() {
            return children.isEmpty() ? List.of(leaf(0x0000, new byte[0])) : children;
        }

        byte[] encode(boolean last) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            header(out, type | (last ? LAST : 0), recsize());
            if (data != null) {
                out.writeBytes(data);
                out.writeBytes(new byte[align8(data.length) - data.length]);
            } else {
                final List<Sub> kids = effectiveChildren();
                for (int i = 0; i < kids.size(); ++i) {
                    out.writeBytes(kids.get(i).encode(i == kids.size() - 1));
                }
            }
            return out.toByteArray();
        }
    }

    static Sub leaf(int type, byte[] data) {
        return new Sub(type, data, null);
    }

    static Sub nested(int type, Sub... children) {
        return new Sub(type, null, List.of(children));
    }

    static Sub nested(int type, List<Sub> children) {
        return new Sub(type, null, new ArrayList<>(children));
    }

    static int align8(int n) {
        return (n + 7) & ~7;
    }

    private static void header(ByteArrayOutputStream out, int rectype, int recsize) {
        out.writeBytes(le16(rectype));
        out.writeBytes(le16(0));
        out.writeBytes(le32(recsize));
    }

    /** One raw record: header, payload, zero slack, trailer at the aligned end. */
    static byte[] raw(int streamIdField, long transid, byte[] payload) {
        final int recsize = 16 + payload.length + 8;
        final int aligned = (recsize + 15) & ~15;
        final byte[] out = new byte[aligned];
        put(out, 0, le16(0x1234));
        put(out, 2, le16(streamIdField));
        put(out, 4, le32(recsize));
        put(out, 8, le64(transid));
        put(out, 16, payload);
        put(out, aligned - 8, le16(0xCDEF));
        put(out, aligned - 6, le16(0));
        put(out, aligned - 4, le32(recsize));
        return out;
    }

    /** A whole transaction in one raw record with BEGIN|END: the top container never gets LAST. */
    static byte[] transaction(int streamId, long transid, Sub top) {
        return raw(streamId | BEGIN | END, transid, top.encode(false));
    }

    /** ASSOCIATE / DISASSOCIATE on stream DISCONT: one 8-byte sub-record, raw recsize 32. */
    static byte[] control(int type, long transid) {
        return raw(0x0002 | BEGIN | END, transid, leaf(type, new byte[0]).encode(false));
    }

    static byte[] concat(byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void put(byte[] dst, int at, byte[] src) {
        System.arraycopy(src, 0, dst, at, src.length);
    }

    static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static byte[] le64(long v) {
        final byte[] out = new byte[8];
        for (int i = 0; i < 8; ++i) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    /** A timespec on LP64: tv_sec and tv_nsec as 8-byte values. */
    static byte[] timespec(long sec, long nsec) {
        return concat(le64(sec), le64(nsec));
    }

    /** A path leaf's bytes: text plus NUL, or nothing for the mount root. */
    static byte[] path(String p) {
        return p.isEmpty() ? new byte[0] : concat(p.getBytes(StandardCharsets.UTF_8), new byte[1]);
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** p_comm: 17 bytes (MAXCOMLEN 16 + NUL), NUL-padded. */
    static byte[] comm(String name) {
        return Arrays.copyOf(text(name), 17);
    }

    /** Where two byte arrays first differ, with hex context, or null when equal. */
    static String firstDifference(byte[] expected, byte[] actual) {
        final int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; ++i) {
            if (expected[i] != actual[i]) {
                return "first difference at byte " + i + ": expected " + hex(expected, i) + " but was " + hex(actual, i);
            }
        }
        if (expected.length != actual.length) {
            return "lengths differ: expected " + expected.length + " bytes but was " + actual.length;
        }
        return null;
    }

    /**
     * Compares two streams record by record, ignoring what the kernel leaves undefined: the slack
     * between a record's payload and its trailer, and the inside of pads. Returns the first
     * difference, or null.
     */
    static String firstRecordDifference(byte[] expected, byte[] actual) {
        int at = 0;
        int record = 0;
        while (at < expected.length && at < actual.length) {
            final int recsize = i32(expected, at + 4);
            final int aligned = (recsize + 15) & ~15;
            final String where = "record " + record + " at byte " + at + ": ";
            if (at + aligned > actual.length) {
                return where + "stream ends early";
            }
            final boolean pad = u16(expected, at + 2) == 0xC001;
            final int compared = pad ? Math.min(recsize, 16) - 8 : recsize - 8;
            for (int i = 0; i < Math.max(compared, 8); ++i) {
                if (expected[at + i] != actual[at + i]) {
                    return where + "byte " + i + " expected " + String.format("%02x", expected[at + i] & 0xff)
                            + " but was " + String.format("%02x", actual[at + i] & 0xff);
                }
            }
            for (int i = aligned - 8; i < aligned; ++i) {
                if (expected[at + i] != actual[at + i]) {
                    return where + "trailer byte " + (i - aligned + 8) + " differs";
                }
            }
            at += aligned;
            ++record;
        }
        return expected.length == actual.length ? null
                : "lengths differ: expected " + expected.length + " bytes but was " + actual.length;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int i32(byte[] b, int at) {
        return u16(b, at) | u16(b, at + 2) << 16;
    }

    private static String hex(byte[] b, int at) {
        final StringBuilder sb = new StringBuilder();
        final int from = Math.max(0, at - 8) & ~7;
        for (int i = from; i < Math.min(b.length, from + 32); ++i) {
            sb.append(i == at ? "[" : "").append(String.format("%02x", b[i] & 0xff)).append(i == at ? "]" : " ");
        }
        return sb.toString().trim();
    }
}
