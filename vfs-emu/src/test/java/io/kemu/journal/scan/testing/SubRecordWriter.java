package io.kemu.journal.scan.testing;

import io.kemu.journal.wire.LittleEndian;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.SubRecordDescriptor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Test-only writer of a logical transaction's sub-records, from JOURNAL-SPEC section 0.3: 8-byte
 * headers, leaf data zero-padded to 8, nested records opened with recsize -1 and, on pop, LAST set on
 * the last child (or a PAD|LAST leaf appended when there is none or when the last child was "already
 * flushed") and the size patched to the unaligned end of the last child, unless the container was
 * opened with {@link #pushUnpatched} (its header "already left the FIFO"). The top level never gets
 * LAST.
 */
public final class SubRecordWriter {
    private byte[] buf = new byte[256];
    private int length;
    private final Deque<Frame> open = new ArrayDeque<>();
    /** Offset of the last record written at the current level, or -1. */
    private int last = -1;

    private static final class Frame {
        final int header;
        final boolean patch;
        final int savedLast;

        Frame(int header, boolean patch, int savedLast) {
            this.header = header;
            this.patch = patch;
            this.savedLast = savedLast;
        }
    }

    /** Opens a container; its recsize is patched on {@link #pop()}. */
    public SubRecordWriter push(int rectype) {
        return push(rectype, true);
    }

    /** Opens a container whose recsize stays -1 (the header was flushed before the pop). */
    public SubRecordWriter pushUnpatched(int rectype) {
        return push(rectype, false);
    }

    private SubRecordWriter push(int rectype, boolean patch) {
        int at = header(rectype | RecordType.NESTED, SubRecordDescriptor.UNKNOWN_SIZE);
        open.push(new Frame(at, patch, at));
        last = -1;
        return this;
    }

    /** Closes the innermost container: LAST on its last child, or a PAD|LAST leaf if it has none. */
    public SubRecordWriter pop() {
        return pop(false);
    }

    /** Closes the innermost container with a PAD|LAST terminator even if it has children (after a flush). */
    public SubRecordWriter popAfterFlush() {
        return pop(true);
    }

    private SubRecordWriter pop(boolean forcePad) {
        Frame f = open.pop();
        int lastChild = last;
        if (lastChild < 0 || forcePad) {
            lastChild = header(RecordType.PAD | RecordType.LAST, SubRecordDescriptor.LENGTH);
        } else {
            SubRecordDescriptor.rectype(buf, lastChild, SubRecordDescriptor.rectype(buf, lastChild) | RecordType.LAST);
        }
        if (f.patch) {
            int childEnd = lastChild + childSize(lastChild);
            SubRecordDescriptor.recsize(buf, f.header, childEnd - f.header);
        }
        last = f.savedLast;
        return this;
    }

    /** The unaligned size of the record at {@code at}; a -1 container's ends at its aligned content end. */
    private int childSize(int at) {
        int recsize = SubRecordDescriptor.recsize(buf, at);
        return recsize == SubRecordDescriptor.UNKNOWN_SIZE ? containerExtent(at) : recsize;
    }

    private int containerExtent(int at) {
        int pos = at + SubRecordDescriptor.LENGTH;
        while (pos < length) {
            int size = SubRecordDescriptor.recsize(buf, pos);
            int extent = size == SubRecordDescriptor.UNKNOWN_SIZE ? containerExtent(pos)
                    : SubRecordDescriptor.alignedPayload(Math.max(size, SubRecordDescriptor.LENGTH));
            boolean isLast = RecordType.isLast(SubRecordDescriptor.rectype(buf, pos));
            pos += extent;
            if (isLast) {
                break;
            }
        }
        return pos - at;
    }

    public SubRecordWriter leaf(int rectype, byte[] data) {
        int at = header(rectype, SubRecordDescriptor.LENGTH + data.length);
        ensure(SubRecordDescriptor.alignedPayload(data.length));
        System.arraycopy(data, 0, buf, length, data.length);
        length += SubRecordDescriptor.alignedPayload(data.length);
        last = at;
        return this;
    }

    /** A raw header with any recsize (for malformed inputs); no payload written. */
    public SubRecordWriter rawHeader(int rectype, int recsize) {
        last = header(rectype, recsize);
        return this;
    }

    public SubRecordWriter u32(int rectype, long value) {
        byte[] b = new byte[4];
        LittleEndian.putI32(b, 0, (int) value);
        return leaf(rectype, b);
    }

    public SubRecordWriter u64(int rectype, long value) {
        byte[] b = new byte[8];
        LittleEndian.putI64(b, 0, value);
        return leaf(rectype, b);
    }

    /** A path leaf: the UTF-8 bytes and a trailing NUL. */
    public SubRecordWriter path(int rectype, String path) {
        byte[] s = path.getBytes(StandardCharsets.UTF_8);
        return leaf(rectype, Arrays.copyOf(s, s.length + 1));
    }

    /** A string leaf without NUL (ATTRNAME, SYMLINKDATA). */
    public SubRecordWriter string(int rectype, String value) {
        return leaf(rectype, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A 16-byte LP64 timespec. */
    public SubRecordWriter time(int rectype, long seconds, long nanos) {
        byte[] b = new byte[16];
        LittleEndian.putI64(b, 0, seconds);
        LittleEndian.putI64(b, 8, nanos);
        return leaf(rectype, b);
    }

    public byte[] toBytes() {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " containers still open");
        }
        return Arrays.copyOf(buf, length);
    }

    private int header(int rectype, int recsize) {
        ensure(SubRecordDescriptor.LENGTH);
        int at = length;
        SubRecordDescriptor.write(buf, at, rectype, recsize);
        length += SubRecordDescriptor.LENGTH;
        last = at;
        return at;
    }

    private void ensure(int n) {
        if (length + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + n));
        }
    }
}
