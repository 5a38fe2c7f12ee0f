package io.kemu.bench;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.fifo.WriteSink;
import io.kemu.testkit.TestMounts;
import io.kemu.vfs.Mount;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.jops.FifoSink;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.MountJournals;
import io.kemu.vfs.workload.Step;
import java.util.List;

/**
 * The direct side of a comparison: one mount journaled straight into its FIFO on the calling thread
 * ({@link FifoSink}), the way {@code JournalRecorder} runs, with no actors. The writer is the
 * caller: {@link #drain()} hands complete records to {@code sink}, and a stall handler drains when a
 * reservation finds the ring full, where the kernel's producer would wake {@code journal_wthread}.
 */
final class DirectJournal {
    private final Mount mount = TestMounts.likeRecorder();
    private final MountJournals journals = new MountJournals(mount);
    private final WriteSink sink;
    private JournalFifo fifo;
    private long bytesDrained;

    DirectJournal(InstallRequest request, WriteSink sink) {
        this.sink = sink;
        TestMounts.install(journals, request, FifoSink.factory(this::attach));
    }

    private void attach(JournalFifo created) {
        fifo = created;
        created.stallHandler(f -> {
            final int before = f.xindex();
            drain();
            return f.xindex() != before;
        });
    }

    /** Applies the steps in order; returns how many failed with an errno. */
    int run(List<Step> steps) {
        int failed = 0;
        for (Step step : steps) {
            if (step.applyTo(mount) instanceof VfsResult.Failed<?>) {
                failed++;
            }
        }
        return failed;
    }

    /** The writer's pass: every complete record goes to the sink (half duplex: the space is freed). */
    void drain() {
        bytesDrained += fifo.drain(sink).bytes();
    }

    long bytesDrained() {
        return bytesDrained;
    }

    JournalFifo fifo() {
        return fifo;
    }
}
