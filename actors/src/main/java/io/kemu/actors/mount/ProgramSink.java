package io.kemu.actors.mount;

import io.kemu.journal.jrecord.RecordBuilder;
import io.kemu.journal.jrecord.TransactionProgram;
import io.kemu.vfs.jops.TransactionSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal's {@link TransactionSink} on the actor side: every transaction the journaling layer opens
 * is recorded as a {@link TransactionProgram}, collected until the mount actor hands the batch to the
 * journal actor that owns the ring.
 */
final class ProgramSink implements TransactionSink {
    private List<TransactionProgram> pending = new ArrayList<>();

    @Override
    public RecordBuilder begin(int streamId) {
        final TransactionProgram program = new TransactionProgram(streamId);
        pending.add(program);
        return program;
    }

    /** The programs recorded since the last call, in order; the sink starts a new batch. */
    List<TransactionProgram> takeBatch() {
        final List<TransactionProgram> batch = pending;
        pending = new ArrayList<>();
        return batch;
    }
}
