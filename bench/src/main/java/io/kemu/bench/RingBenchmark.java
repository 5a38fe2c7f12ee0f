package io.kemu.bench;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.fifo.WriteSink;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One record's round trip through a ring, single-threaded, for kemu's {@link JournalFifo} and
 * Agrona's {@link OneToOneRingBuffer} side by side: kemu reserves, fills the payload, commits and
 * runs a writer pass; Agrona writes the same payload and reads it back. Both consumers touch one
 * byte of each message so the work is not optimised away. {@code batch} records are produced before
 * each drain/read, as a writer woken by the commit-wakeup rule would find them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RingBenchmark {
    private static final int RING_BYTES = 1 << 20;
    private static final int BATCH = 16;

    @Param({"64", "1024"})
    int payload;

    private byte[] message;
    private JournalFifo fifo;
    private OneToOneRingBuffer agrona;
    private UnsafeBuffer agronaSource;
    private Blackhole blackhole;
    private WriteSink kemuSink;

    @Setup
    public void setUp(Blackhole bh) {
        blackhole = bh;
        message = new byte[payload];
        for (int i = 0; i < payload; i++) {
            message[i] = (byte) i;
        }
        fifo = new JournalFifo(RING_BYTES, 1, false);
        kemuSink = (ring, offset, length) -> blackhole.consume(ring[offset + length - 1]);
        agrona = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        agronaSource = new UnsafeBuffer(message);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void kemuJournalFifo() {
        final JournalFifo ring = fifo;
        final byte[] memory = ring.memory();
        for (int i = 0; i < BATCH; i++) {
            final int record = ring.reserve(0x100, payload);
            System.arraycopy(message, 0, memory, record + 16, payload);
            ring.commit(record, -1, true);
        }
        ring.drain(kemuSink);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void agronaOneToOneRingBuffer() {
        final OneToOneRingBuffer ring = agrona;
        for (int i = 0; i < BATCH; i++) {
            ring.write(1, agronaSource, 0, payload);
        }
        ring.read((msgTypeId, buffer, index, length) -> blackhole.consume(buffer.getByte(index + length - 1)));
    }
}
