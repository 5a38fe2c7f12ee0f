package io.kemu.journal.scan.subrecord;

import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.SubRecordDescriptor;

import java.util.List;

/**
 * One parsed sub-record of a transaction: its header fields, where it sits in the transaction's
 * normalised bytes, and (for nested records) its children.
 *
 * @param rectype the raw rectype, LAST and NESTED bits included (compare with {@link #type()})
 * @param index offset of the 8-byte header inside the transaction's data (jscan's {@code @offset})
 * @param recsize the declared recsize: 8 + payload, -1 when the writer could not patch it, or 0
 * @param extent bytes from {@code index} to the next sibling: {@code roundup8} of the real size
 *     (for a -1 container, of the end of its LAST child)
 * @param children the nested records, empty for leaves
 */
public record SubRecord(int rectype, int index, int recsize, int extent, List<SubRecord> children) {

    public SubRecord {
        children = List.copyOf(children);
    }

    /** The type to compare with {@link RecordType} constants: LAST masked off, NESTED kept. */
    public int type() {
        return RecordType.base(rectype);
    }

    public boolean isNested() {
        return RecordType.isNested(rectype);
    }

    public boolean isLast() {
        return RecordType.isLast(rectype);
    }

    /** Offset of the leaf payload inside the transaction's data. */
    public int dataIndex() {
        return index + SubRecordDescriptor.LENGTH;
    }

    /** Payload bytes of a leaf ({@code recsize - 8}, padding excluded); 0 for nested records. */
    public int dataLength() {
        return isNested() ? 0 : Math.max(0, recsize - SubRecordDescriptor.LENGTH);
    }
}
