package io.kemu.streams;

import akka.NotUsed;
import akka.stream.javadsl.Flow;
import akka.util.ByteString;
import io.kemu.journal.wire.AckRecordAssembler;
import io.kemu.journal.wire.AckRecordDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The full-duplex return direction as flows: a target turns the transids it has made durable into
 * 32-byte ack records ({@link #encoder()}); a journal-side consumer turns the byte stream back into
 * transids ({@link #decoder()}), failing on the first record with a bad magic as the kernel's reader
 * stops there.
 */
public final class AckFlows {
    private AckFlows() {
    }

    public static Flow<Long, ByteString, NotUsed> encoder() {
        return Flow.<Long>create().map(transid -> ByteString.fromArray(AckRecordDescriptor.encode(transid)));
    }

    public static Flow<ByteString, Long, NotUsed> decoder() {
        return Flow.<ByteString>create().statefulMapConcat(() -> {
            final AckRecordAssembler assembler = new AckRecordAssembler();
            return chunk -> {
                final List<Long> acks = new ArrayList<>();
                final byte[] bytes = chunk.toArray();
                final String error = assembler.feed(bytes, 0, bytes.length, acks::add);
                if (error != null) {
                    throw new MalformedAckStreamException(error);
                }
                return acks;
            };
        });
    }

    /** The return stream held a record that is not an ack. */
    public static final class MalformedAckStreamException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedAckStreamException(String message) {
            super(message);
        }
    }
}
