package io.kemu.vfs.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.TransactionProgram;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.jops.FifoSink;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountJournals;
import io.kemu.vfs.jops.MountctlFlags;
import io.kemu.vfs.jops.TransactionSink;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The actor arrangement: the journal layer records one {@link TransactionProgram} per transaction
 * and the ring's owner replays them later. The wire must carry the same bytes as when the layer
 * writes straight into the ring.
 */
class TransactionProgramSinkTest {
    private static final int RING = 8 << 20;

    private static Mount newMount() {
        return new Mount(5, MountLimits.DEFAULT, new SteppingClock(new Timespec(1_650_000_000L, 0), 3_000));
    }

    private static InstallRequest request() {
        return new InstallRequest(JournalId.of("p"), MountctlFlags.WANT_REVERSABLE, RING, 0x777000);
    }

    private static byte[] drain(JournalFifo fifo) {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        fifo.drain((mem, off, len) -> wire.write(mem, off, len));
        return wire.toByteArray();
    }

    @Test
    void shouldPutTheSameBytesOnTheWireThroughRecordedPrograms() {
        for (long seed : new long[] {3, 4}) {
            final Mount direct = newMount();
            final JournalFifo[] ring = new JournalFifo[1];
            new MountJournals(direct).install(request(), FifoSink.factory(f -> ring[0] = f));
            new WorkloadGenerator(seed, false).run(direct, 600);

            final Mount recorded = newMount();
            final List<TransactionProgram> programs = new ArrayList<>();
            final TransactionSink recorder = streamId -> {
                final TransactionProgram program = new TransactionProgram(streamId);
                programs.add(program);
                return program;
            };
            final JournalFifo[] replayRing = new JournalFifo[1];
            new MountJournals(recorded).install(request(), config -> {
                replayRing[0] = new JournalFifo(config.fifoSize(), config.firstTransid(), config.isFullDuplex());
                return recorder;
            });
            new WorkloadGenerator(seed, false).run(recorded, 600);
            for (TransactionProgram program : programs) {
                assertThat(program.runOn(replayRing[0])).isEqualTo(TransactionProgram.Progress.DONE);
            }
            assertThat(drain(replayRing[0])).as("seed %d", seed).isEqualTo(drain(ring[0]));
        }
    }
}
