package io.kemu.journal.scan.op;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * File data at one offset: a SEEKPOS followed by every FILEDATA leaf up to the next SEEKPOS,
 * concatenated (WRITE splits its data into several leaves, PUTPAGES emits one run per page run).
 * The bytes are not copied: each slice indexes the transaction's data.
 */
public final class DataRun {
    /** A FILEDATA payload inside the transaction's data. */
    public record Slice(int index, int length) {
    }

    private final long offset;
    private final List<Slice> slices = new ArrayList<>();
    private long length;

    DataRun(long offset) {
        this.offset = offset;
    }

    void add(int index, int sliceLength) {
        slices.add(new Slice(index, sliceLength));
        length += sliceLength;
    }

    /** The file offset (SEEKPOS). */
    public long offset() {
        return offset;
    }

    /** Total bytes in this run. */
    public long length() {
        return length;
    }

    public List<Slice> slices() {
        return Collections.unmodifiableList(slices);
    }
}
