package io.kemu.vfs;

/**
 * What {@code VOP_PUTPAGES} reports per page ({@code a_rtvals}): true where the page was written
 * ({@code VM_PAGER_OK}), false where it lay beyond the end of file ({@code VM_PAGER_BAD}).
 */
public record PutpagesResult(boolean[] written) {
    public PutpagesResult {
        written = written.clone();
    }

    public boolean pageWritten(int page) {
        return written[page];
    }

    public int pages() {
        return written.length;
    }
}
