package io.kemu.streams.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * A file held in memory: the simulated disk of a {@link JournalStore} under the deterministic thread
 * model, where nothing may touch a real file or wait for another thread. Reads and writes at a
 * position, size, truncate and the channel position behave as a file's; {@code force} has nothing to
 * do (the bytes are as durable as they will ever be once written). Mapping, locking and transfers
 * are not offered ({@link UnsupportedOperationException}): the store uses none of them.
 *
 * <p>Invariants: {@code 0 <= size <= bytes.length <= maxSize} (the array grows by doubling, capped
 * at {@code maxSize}); the bytes past {@code size} are zero. A write that would take the file past {@code maxSize} fails with an {@link IOException}
 * and writes nothing, so what a peer sends can never size the heap beyond the cap. Not thread-safe:
 * one store's connections run on one thread.
 */
final class MemoryFileChannel extends FileChannel {
    private byte[] bytes;
    private final long maxSize;
    private int size;
    private long position;

    /** An empty file that may grow to {@code maxSize} bytes (at most {@code Integer.MAX_VALUE - 8}). */
    MemoryFileChannel(long maxSize) {
        if (maxSize < 0 || maxSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an in-memory file holds 0.." + (Integer.MAX_VALUE - 8)
                    + " bytes, asked for " + maxSize);
        }
        this.maxSize = maxSize;
        this.bytes = new byte[(int) Math.min(maxSize, 64 * 1024)];
    }

    /** The most bytes this file may hold. */
    long maxSize() {
        return maxSize;
    }

    /** A copy of the file's bytes. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        ensureOpen();
        if (at < 0) {
            throw new IllegalArgumentException("negative position " + at);
        }
        if (at >= size) {
            return -1;
        }
        final int n = (int) Math.min(dst.remaining(), size - at);
        dst.put(bytes, (int) at, n);
        return n;
    }

    @Override
    public int write(ByteBuffer src, long at) throws IOException {
        ensureOpen();
        if (at < 0) {
            throw new IllegalArgumentException("negative position " + at);
        }
        final int n = src.remaining();
        final long end = at + n;
        if (end > maxSize) {
            throw new IOException("the in-memory file is full: writing " + n + " bytes at " + at + " would pass its "
                    + maxSize + "-byte limit");
        }
        ensureCapacity((int) end);
        src.get(bytes, (int) at, n);
        size = Math.max(size, (int) end);
        return n;
    }

    /** Grows the array by doubling, capped at the maximum size; new bytes are zero. */
    private void ensureCapacity(int needed) {
        if (needed <= bytes.length) {
            return;
        }
        final long doubled = Math.max((long) bytes.length * 2, needed);
        bytes = Arrays.copyOf(bytes, (int) Math.min(doubled, maxSize));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        final int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            final int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        final int n = write(src, position);
        position += n;
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(srcs[i]);
        }
        return total;
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    /** Cuts the file to {@code newSize} if it is longer (the bytes cut become zero again), as a file's truncate does. */
    @Override
    public FileChannel truncate(long newSize) throws IOException {
        ensureOpen();
        if (newSize < 0) {
            throw new IllegalArgumentException("negative size " + newSize);
        }
        if (newSize < size) {
            Arrays.fill(bytes, (int) newSize, size, (byte) 0);
            size = (int) newSize;
        }
        position = Math.min(position, newSize);
        return this;
    }

    /** Nothing to do: memory is the disk. */
    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException("an in-memory file does not transfer");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new UnsupportedOperationException("an in-memory file does not transfer");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long length) {
        throw new UnsupportedOperationException("an in-memory file cannot be mapped");
    }

    @Override
    public FileLock lock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("an in-memory file has no locks");
    }

    @Override
    public FileLock tryLock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("an in-memory file has no locks");
    }

    /** The bytes stay readable through {@link #toByteArray()} after close. */
    @Override
    protected void implCloseChannel() {
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }
}
