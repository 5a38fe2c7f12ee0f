package io.kemu.vfs.jops;

import io.kemu.journal.jrecord.RecordBuilder;

/**
 * Where an installed journal's transactions go: opens one logical stream transaction on a stream
 * id, the kernel's {@code jrecord_init(jo, jrec, streamid)}. The journal layer then pushes, writes
 * leaves, pops and finally calls {@link RecordBuilder#done} exactly once on what it got.
 *
 * <p>Typical sinks: {@link FifoSink} writes straight into a {@code JournalFifo} through
 * {@code JRecord}; an actor records a {@code TransactionProgram} per call and replays it into the
 * ring it owns; a test captures the calls.
 */
@FunctionalInterface
public interface TransactionSink {
    /** Starts a transaction on {@code streamId} (13-bit id; BEGIN is the sink's business). */
    RecordBuilder begin(int streamId);
}
