package io.kemu.journal.fifo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.RawRecordTrailerDescriptor;
import io.kemu.journal.wire.StreamId;
import java.util.ArrayList;
import java.util.List;

/**
 * A test target: checks every write is a run of whole, well-formed records (begmagic, trailer at
 * the aligned end, same recsize) and remembers the transids of the non-pad records it received.
 */
final class StreamCollector implements WriteSink {
    final List<Long> transids = new ArrayList<>();
    long bytes;
    private final String context;

    StreamCollector(String context) {
        this.context = context;
    }

    @Override
    public void write(byte[] ring, int offset, int length) {
        assertThat(length).as(context + ": empty write").isPositive();
        int at = offset;
        final int end = offset + length;
        while (at < end) {
            assertThat(RawRecordHeaderDescriptor.begmagic(ring, at)).as(context + ": begmagic at " + at)
                    .isEqualTo(RawRecordHeaderDescriptor.BEGMAGIC);
            final int recsize = RawRecordHeaderDescriptor.recsize(ring, at);
            final int span = RawRecordHeaderDescriptor.alignedSize(recsize);
            assertThat(span).as(context + ": record at " + at + " within the write").isBetween(16, end - at);
            final int trailer = RawRecordTrailerDescriptor.trailerOffset(at, recsize);
            assertThat(RawRecordTrailerDescriptor.endmagic(ring, trailer)).as(context + ": endmagic")
                    .isEqualTo(RawRecordTrailerDescriptor.ENDMAGIC);
            assertThat(RawRecordTrailerDescriptor.recsize(ring, trailer)).as(context + ": trailer recsize")
                    .isEqualTo(recsize);
            if (RawRecordHeaderDescriptor.streamId(ring, at) != StreamId.PAD_RECORD) {
                transids.add(RawRecordHeaderDescriptor.transid(ring, at));
            }
            at += span;
        }
        bytes += length;
    }
}
