package io.kemu.journal.jrecord;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.RecordDecoder;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.wire.RecordType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import io.kemu.testing.Seeds;

/**
 * A recorded {@link TransactionProgram} (leaves copied or referenced) replayed by a caller that drains whenever it blocks must put
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

    /**
     * The transid a committed program reports is the one its last record carries on the wire (what
     * the target's ack returns), also when wrap pads and blocked reservations came in between.
     */
    @Test
    void shouldReportTheTransidOfItsLastRecordOnTheWire() throws IOException {
        for (int i = 0; i < 100; i++) {
            final long seed = BASE_SEED ^ (i * 31L);
            final Random random = new Random(seed);
            final int size = 512 << random.nextInt(3);
            final JournalFifo fifo = new JournalFifo(size, 1 + random.nextInt(1 << 16), true);
            for (int t = 0; t < 30; t++) {
                final TransactionProgram program = new TransactionProgram(0x100 + t);
                program.push(RecordType.REDO);
                program.leaf(RecordType.FILEDATA, new byte[random.nextInt(size)]);
                program.pop();
                program.done(false);
                final ByteArrayOutputStream out = new ByteArrayOutputStream();
                while (program.runOn(fifo) == TransactionProgram.Progress.BLOCKED) {
                    fifo.drain(out::write);
                    fifo.ack(Long.MAX_VALUE);
                }
                fifo.drain(out::write);
                fifo.ack(Long.MAX_VALUE);
                assertThat(program.committedTransid()).as("seed %d transaction %d", seed, t)
                        .isEqualTo(lastRecordTransid(out.toByteArray()));
            }
        }
    }

    /** The transid of the last non-pad record in a stream of whole records. */
    private static long lastRecordTransid(byte[] stream) throws IOException {
        final long[] last = {-1};
        RecordDecoder.decodeAll(new ByteArrayInputStream(stream), new RecordDecoder.Listener() {
            @Override
            public void onRecord(RawRecord record) {
                if (!record.isPad()) {
                    last[0] = record.transid();
                }
            }

            @Override
            public void onProblem(ScanProblem problem) {
                throw new AssertionError(problem.toString());
            }
        });
        return last[0];
    }

    /**
     * A random nest of pushes, leaves (some larger than a quarter of the ring; half of them given as
     * immutable arrays, which a program references instead of copying) and pops.
     */
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
                if (random.nextBoolean()) {
                    builder.leafImmutable(RecordType.FILEDATA, data);
                } else {
                    builder.leaf(RecordType.FILEDATA, data);
                }
            }
        }
        final boolean abort = random.nextInt(8) == 0;
        while (depth-- > 0 && !abort) {
            builder.pop();
        }
        builder.done(abort);
    }
}
