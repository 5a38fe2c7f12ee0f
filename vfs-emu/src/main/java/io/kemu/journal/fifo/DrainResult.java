package io.kemu.journal.fifo;

/** What one writer pass did: how many write calls, how many bytes in total. */
public record DrainResult(int writes, long bytes) {
}
