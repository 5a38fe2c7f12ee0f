package io.kemu.journal.scan.subrecord;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.Transaction;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.SubRecordDescriptor;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks the sub-records of a transaction into a tree, following the rules of jscan's
 * {@code dump_debug.c}/{@code dump_mirror.c} record walkers (SPEC section 3.3):
 * <ul>
 *   <li>the top level runs until the transaction's bytes are used up; LAST never ends it;</li>
 *   <li>inside a container, children run until the one with LAST, or until the container's size
 *       budget (its own recsize, or for a -1 container its parent's budget) is used up;</li>
 *   <li>a known size advances by {@code roundup8(recsize)}; 0 counts as 8 (an empty record);</li>
 *   <li>recsize -1 is legal only on NESTED types: the container is recursed into and ends, rounded up
 *       to 8, after its LAST child;</li>
 *   <li>a container's recsize is the unaligned end of its last child, so a child's alignment padding
 *       may reach up to 7 bytes past it.</li>
 * </ul>
 * Anything else (a header or payload running past its budget, recsize 1..7 or below -1, -1 on a leaf,
 * nesting deeper than {@link #MAX_DEPTH}, more than {@link #MAX_RECORDS} records) is a {@link
 * ProblemKind#MALFORMED} error naming the offset inside the transaction. The depth bound keeps recursion shallow on hostile input; the kernel nests
 * at most four levels (operation, UNDO/REDO, VATTR).
 */
public final class SubRecordParser {
    /** Deepest nesting accepted. */
    public static final int MAX_DEPTH = 32;
    /**
     * Most sub-records accepted in one transaction, so that a hostile transaction of 8-byte records
     * cannot turn 128 MiB of input into millions of tree nodes. A real one stays far below: a write
     * has at most IOV_MAX (1024) FILEDATA leaves, a 128 MiB putpages at most 64 Ki leaves.
     */
    public static final int MAX_RECORDS = 1 << 20;

    private final byte[] buf;
    private int count;

    private SubRecordParser(byte[] buf) {
        this.buf = buf;
    }

    /** The top-level sub-records of {@code tx}. */
    public static List<SubRecord> parse(Transaction tx) throws JournalScanException {
        return parse(tx.data(), Transaction.SUBRECORDS_INDEX, tx.length());
    }

    /** The top-level sub-records in {@code buf[start, end)}. */
    public static List<SubRecord> parse(byte[] buf, int start, int end) throws JournalScanException {
        if (start < 0 || end > buf.length || start > end) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") of " + buf.length);
        }
        SubRecordParser parser = new SubRecordParser(buf);
        List<SubRecord> top = new ArrayList<>();
        int pos = start;
        while (pos < end) {
            SubRecord r = parser.parseOne(pos, end, 1);
            top.add(r);
            pos += r.extent();
        }
        return top;
    }

    /** Parses the sub-record at {@code pos}, which must fit in {@code [pos, limit)}. */
    private SubRecord parseOne(int pos, int limit, int depth) throws JournalScanException {
        if (depth > MAX_DEPTH) {
            throw malformed(pos, "nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (limit - pos < SubRecordDescriptor.LENGTH) {
            throw malformed(pos, "sub-record header runs past the end of its container at @" + limit);
        }
        if (++count > MAX_RECORDS) {
            throw malformed(pos, "more than " + MAX_RECORDS + " sub-records in one transaction");
        }
        int rectype = SubRecordDescriptor.rectype(buf, pos);
        int recsize = SubRecordDescriptor.recsize(buf, pos);
        boolean nested = RecordType.isNested(rectype);
        if (recsize == SubRecordDescriptor.UNKNOWN_SIZE) {
            if (!nested) {
                throw malformed(pos, String.format("recsize -1 on leaf type 0x%04x", rectype));
            }
            List<SubRecord> children = new ArrayList<>();
            int end = parseChildren(pos + SubRecordDescriptor.LENGTH, limit, depth, children);
            return new SubRecord(rectype, pos, recsize, end - pos, children);
        }
        if (recsize == 0) {
            return new SubRecord(rectype, pos, 0, SubRecordDescriptor.LENGTH, List.of());
        }
        if (recsize < SubRecordDescriptor.LENGTH) {
            throw malformed(pos, String.format("recsize %d of type 0x%04x is smaller than its header", recsize, rectype));
        }
        if (recsize > limit - pos) {
            throw malformed(pos, String.format("recsize %d of type 0x%04x runs past the end of its container at @%d",
                    recsize, rectype, limit));
        }
        int extent = SubRecordDescriptor.alignedPayload(recsize);
        if (!nested) {
            return new SubRecord(rectype, pos, recsize, extent, List.of());
        }
        List<SubRecord> children = new ArrayList<>();
        parseChildren(pos + SubRecordDescriptor.LENGTH, pos + recsize, depth, children);
        return new SubRecord(rectype, pos, recsize, extent, children);
    }

    /**
     * Parses children from {@code start} until one has LAST or {@code limit} is reached, and returns
     * the (8-aligned) offset just past the last child.
     */
    private int parseChildren(int start, int limit, int depth, List<SubRecord> out) throws JournalScanException {
        int pos = start;
        while (pos < limit) {
            SubRecord child = parseOne(pos, limit, depth + 1);
            out.add(child);
            pos += child.extent();
            if (child.isLast()) {
                break;
            }
        }
        return pos;
    }

    private static JournalScanException malformed(int pos, String message) {
        return new JournalScanException(ProblemKind.MALFORMED, "@" + pos + ": " + message);
    }
}
