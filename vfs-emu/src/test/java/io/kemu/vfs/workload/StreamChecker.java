package io.kemu.vfs.workload;

import java.util.HashSet;
import java.util.Set;

/**
 * A test-side reader of a drained journal stream: checks every raw record's framing (magics,
 * sizes, trailer), that transids strictly increase (pads excepted), that transactions on one id do
 * not overlap, and counts committed and aborted VOP transactions (ids from 0x100).
 */
final class StreamChecker {
    int committed;
    int aborted;
    int pads;
    int controlRecords;
    String violation;

    static StreamChecker check(byte[] stream) {
        final StreamChecker c = new StreamChecker();
        c.walk(stream);
        return c;
    }

    private void walk(byte[] s) {
        final Set<Integer> open = new HashSet<>();
        long lastTransid = Long.MIN_VALUE;
        int at = 0;
        while (at < s.length) {
            if (s.length - at < 16) {
                violation = "truncated header at " + at;
                return;
            }
            final int magic = u16(s, at);
            final int sid = u16(s, at + 2);
            final int recsize = i32(s, at + 4);
            final int aligned = (recsize + 15) & ~15;
            if (magic != 0x1234 || recsize < 16 || at + aligned > s.length) {
                violation = "bad header at " + at + ": magic " + Integer.toHexString(magic) + " recsize " + recsize;
                return;
            }
            if (u16(s, at + aligned - 8) != 0xCDEF || i32(s, at + aligned - 4) != recsize) {
                violation = "bad trailer at " + at;
                return;
            }
            if (sid == 0xC001) {
                ++pads;
            } else {
                final long transid = i64(s, at + 8);
                if (transid <= lastTransid) {
                    violation = "transid " + transid + " after " + lastTransid + " at " + at;
                    return;
                }
                lastTransid = transid;
                final int id = sid & 0x1FFF;
                if (id < 0x100) {
                    ++controlRecords;
                } else {
                    if ((sid & 0x8000) != 0 && !open.add(id)) {
                        violation = "BEGIN on open id " + id + " at " + at;
                        return;
                    }
                    if ((sid & 0x8000) == 0 && !open.contains(id)) {
                        violation = "continuation of a closed id " + id + " at " + at;
                        return;
                    }
                    if ((sid & 0x4000) != 0) {
                        open.remove(id);
                        if ((sid & 0x2000) != 0) {
                            ++aborted;
                        } else {
                            ++committed;
                        }
                    }
                }
            }
            at += aligned;
        }
        if (!open.isEmpty()) {
            violation = "transactions left open: " + open;
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int i32(byte[] b, int at) {
        return u16(b, at) | u16(b, at + 2) << 16;
    }

    private static long i64(byte[] b, int at) {
        return (i32(b, at) & 0xFFFFFFFFL) | (long) i32(b, at + 4) << 32;
    }
}
