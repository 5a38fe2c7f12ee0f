package io.kemu.journal.fifo;

/**
 * Receives the writer's output: the kernel's {@code fp_write} of a contiguous run of the ring. The
 * slice is only valid during the call; a sink that keeps the bytes copies them (once).
 */
@FunctionalInterface
public interface WriteSink {
    void write(byte[] ring, int offset, int length);
}
