package io.kemu.journal.scan.dump;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.subrecord.LeafValues;
import io.kemu.journal.scan.subrecord.RecordNames;
import io.kemu.journal.scan.subrecord.SubRecord;
import io.kemu.journal.wire.RecordType;

/**
 * Formats a leaf's payload the way jscan's {@code dump_debug.c} does (SPEC section 4.1): strings
 * escaped and quoted; UID, GID, PID, NLINK, VTYPE and ERROR in decimal; MODES in octal; sizes, inode
 * numbers, flags, offsets and device numbers in hex; times as dates, here ISO-8601 in UTC (jscan
 * prints local time, which would make dumps depend on the machine); anything else, or a value of
 * unexpected width, as a hex dump cut after {@code dataLimit} bytes.
 */
final class LeafFormatter {
    private final int dataLimit;

    LeafFormatter(int dataLimit) {
        this.dataLimit = dataLimit;
    }

    /** The text after {@code DATA }, or null for leaves without a payload. */
    String format(byte[] buf, SubRecord leaf) {
        if (leaf.dataLength() == 0 && (leaf.type() & 0x0400) == 0) {
            return null;
        }
        try {
            return switch (leaf.type()) {
                case RecordType.PATH1, RecordType.PATH2, RecordType.PATH3, RecordType.PATH4, RecordType.PATH_REF ->
                        quote(LeafValues.path(buf, leaf));
                case RecordType.COMM -> quote(LeafValues.cString(buf, leaf));
                case RecordType.ATTRNAME, RecordType.SYMLINKDATA -> quote(LeafValues.bytes(buf, leaf));
                case RecordType.UID, RecordType.GID, RecordType.PID, RecordType.PPID, RecordType.NLINK,
                        RecordType.ERROR, RecordType.UMAJOR, RecordType.UMINOR ->
                        Long.toUnsignedString(LeafValues.integer(buf, leaf));
                case RecordType.VTYPE -> {
                    long v = LeafValues.integer(buf, leaf);
                    yield v + " (" + RecordNames.vtypeName(v) + ")";
                }
                case RecordType.MODES -> "0" + Long.toOctalString(LeafValues.integer(buf, leaf));
                case RecordType.SIZE, RecordType.INUM, RecordType.FLAGS, RecordType.FFLAGS, RecordType.SEEKPOS,
                        RecordType.FSID, RecordType.GEN, RecordType.UDEV, RecordType.FILEREV ->
                        "0x" + Long.toHexString(LeafValues.integer(buf, leaf));
                case RecordType.ATIME, RecordType.MTIME, RecordType.CTIME -> LeafValues.timespec(buf, leaf).toString();
                default -> hex(buf, leaf);
            };
        } catch (JournalScanException e) {
            return hex(buf, leaf);
        }
    }

    private String hex(byte[] buf, SubRecord leaf) {
        int n = leaf.dataLength();
        int shown = Math.min(n, dataLimit);
        StringBuilder sb = new StringBuilder().append(n).append(" bytes:");
        for (int i = 0; i < shown; i++) {
            sb.append(' ').append(Character.forDigit((buf[leaf.dataIndex() + i] >> 4) & 15, 16))
                    .append(Character.forDigit(buf[leaf.dataIndex() + i] & 15, 16));
        }
        if (shown < n) {
            sb.append(" ...");
        }
        return sb.toString();
    }

    /** Double-quoted, with backslash escapes for quotes, backslashes and non-printable bytes. */
    static String quote(byte[] bytes) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xFF;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7F) {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
