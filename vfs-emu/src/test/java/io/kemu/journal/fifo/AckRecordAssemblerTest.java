package io.kemu.journal.fifo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.wire.AckRecordAssembler;
import io.kemu.journal.wire.AckRecordDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AckRecordAssemblerTest {
    @Test
    void shouldAssembleAcksSplitAcrossArbitraryChunks() {
        final byte[] stream = new byte[32 * 50];
        for (int i = 0; i < 50; i++) {
            AckRecordDescriptor.write(stream, 32 * i, 1000L + i);
        }
        final Random random = new Random(5);
        final AckRecordAssembler assembler = new AckRecordAssembler();
        final List<Long> acks = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            final int n = Math.min(1 + random.nextInt(70), stream.length - at);
            assertThat(assembler.feed(stream, at, n, acks::add)).isNull();
            at += n;
        }
        assertThat(acks).hasSize(50).startsWith(1000L).endsWith(1049L);
        assertThat(assembler.partialBytes()).isZero();
    }

    @Test
    void shouldStopAtTheFirstRecordWithABadMagic() {
        final byte[] stream = new byte[96];
        AckRecordDescriptor.write(stream, 0, 7);
        AckRecordDescriptor.write(stream, 64, 9);
        final List<Long> acks = new ArrayList<>();
        final AckRecordAssembler assembler = new AckRecordAssembler();
        assertThat(assembler.feed(stream, 0, 96, acks::add))
                .isEqualTo("bad begmagic or endmagic on receive stream at offset 32");
        assertThat(acks).containsExactly(7L);
        assertThat(assembler.feed(stream, 64, 32, acks::add)).isNotNull();
        assertThat(acks).containsExactly(7L);
    }
}
