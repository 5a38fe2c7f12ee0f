package io.kemu.journal.jrecord;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.wire.RecordType;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import io.kemu.testing.Seeds;

/**
 * A recorded {@link TransactionProgram} replayed by a caller that drains whenever it blocks must put
 * exactly the bytes on the wire that a direct {@link JRecord} writes when its stall handler drains
 * in place: both are the kernel's producer sleeping in {@code journal_reserve} while the writer runs.
 */
class TransactionProgramTest {
    private static final long BASE_SEED = Seeds.of("TransactionProgramTest", 0x4a52454344L);

    @Test
    void resumableReplayWritesTheSameBytesAsADirectJRecord() {
        for (int i = 0; i < 300; i++) {
            final long seed = BASE_SEED + i;
            final int size = 256 << new Random(seed).nextInt(5);
            final long transid = 1 + new Random(seed ^ 1).nextInt(1 << 20);

            final ByteArrayOutputStream direct = new ByteArrayOutputStream();
            final JournalFifo directFifo = new JournalFifo(size, transid, false);
            directFifo.stallHandler(f -> {
                final int before = f.xindex();
                f.drain(direct::write);
                return f.xindex() != before;
            });
            final Random a = new Random(seed);
            a.nextInt(5);
            for (int t = 0; t < 20; t++) {
                final JRecord jrec = JRecord.init(directFifo, 0x100 + t);
                writeRandomTransaction(a, jrec, size);
            }
            directFifo.drain(direct::write);

            final ByteArrayOutputStream resumed = new ByteArrayOutputStream();
            final JournalFifo fifo = new JournalFifo(size, transid, false);
            final Random b = new Random(seed);
            b.nextInt(5);
            int blocked = 0;
            for (int t = 0; t < 20; t++) {
                final TransactionProgram program = new TransactionProgram(0x100 + t);
                writeRandomTransaction(b, program, size);
                while (program.runOn(fifo) == TransactionProgram.Progress.BLOCKED) {
                    blocked++;
                    fifo.drain(resumed::write);
                }
            }
            fifo.drain(resumed::write);

            assertThat(resumed.toByteArray()).as("seed %d (%d blocks)", seed, blocked).isEqualTo(direct.toByteArray());
            assertThat(fifo.fifostalls()).as("seed %d", seed).isEqualTo(directFifo.fifostalls());
        }
    }

    /** A random nest of pushes, leaves (some larger than a quarter of the ring) and pops. */
    private static void writeRandomTransaction(Random random, RecordBuilder builder, int ringSize) {
        int depth = 0;
        final int ops = 1 + random.nextInt(12);
        for (int i = 0; i < ops; i++) {
            final int choice = random.nextInt(10);
            if (choice < 3 && depth < 4) {
                builder.push(RecordType.REDO);
                depth++;
            } else if (choice < 5 && depth > 0) {
                builder.pop();
                depth--;
            } else {
                final byte[] data = new byte[random.nextInt(10) == 0 ? random.nextInt(ringSize) : random.nextInt(40)];
                random.nextBytes(data);
                builder.leaf(RecordType.FILEDATA, data);
            }
        }
        final boolean abort = random.nextInt(8) == 0;
        while (depth-- > 0 && !abort) {
            builder.pop();
        }
        builder.done(abort);
    }
}
