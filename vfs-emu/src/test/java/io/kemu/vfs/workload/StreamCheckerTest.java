package io.kemu.vfs.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.wire.StreamId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The test-side stream verifier ({@link StreamChecker}) given streams that break one rule at a
 * time: a transid equal to or below the previous non-pad one, broken framing, overlapping or
 * unfinished transactions. A good stream, pads with lower transids included, must pass.
 */
class StreamCheckerTest {
    private static final int ID = StreamWriter.DEFAULT_ID;
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5, 6, 7, 8};

    @Test
    void shouldAcceptIncreasingTransidsWithPadsBetween() {
        final StreamWriter w = new StreamWriter(0x100);
        w.single(PAYLOAD);
        w.pad(32);
        w.transaction(ID + 1, new byte[40], 10, 20);
        w.record(StreamId.BEGIN | StreamId.END | StreamId.ABORTED | ID, PAYLOAD);
        w.record(StreamId.BEGIN | StreamId.END | StreamId.SYNCPT, new byte[0]);

        final StreamChecker c = StreamChecker.check(w.toBytes());

        assertThat(c.violation).isNull();
        assertThat(c.committed).isEqualTo(2);
        assertThat(c.aborted).isEqualTo(1);
        assertThat(c.pads).isEqualTo(1);
        assertThat(c.controlRecords).isEqualTo(1);
    }

    @Test
    void shouldAcceptAPadWhoseTransidIsBelowThePreviousRecord() {
        final StreamWriter w = new StreamWriter(0x100);
        w.single(PAYLOAD);
        w.recordWithTransid(StreamId.PAD_RECORD, new byte[8], 1);
        w.recordWithTransid(StreamId.BEGIN | StreamId.END | ID, PAYLOAD, 0x103);

        assertThat(StreamChecker.check(w.toBytes()).violation).isNull();
    }

    @Test
    void shouldRefuseARepeatedTransid() {
        final StreamWriter w = new StreamWriter(0x100);
        w.single(PAYLOAD);
        w.recordWithTransid(StreamId.BEGIN | StreamId.END | ID, PAYLOAD, 0x100);

        assertThat(StreamChecker.check(w.toBytes()).violation).isEqualTo("transid 256 after 256 at 32");
    }

    @Test
    void shouldRefuseADecreasingTransidEvenAcrossAPad() {
        final StreamWriter w = new StreamWriter(0x100);
        w.single(PAYLOAD);
        w.pad(16);
        w.recordWithTransid(StreamId.BEGIN | StreamId.END | ID, PAYLOAD, 0xFF);

        assertThat(StreamChecker.check(w.toBytes()).violation).isEqualTo("transid 255 after 256 at 48");
    }

    @Test
    void shouldRefuseADecreasingTransidOfAControlRecord() {
        final StreamWriter w = new StreamWriter(0x100);
        w.single(PAYLOAD);
        w.recordWithTransid(StreamId.BEGIN | StreamId.END | StreamId.SYNCPT, new byte[0], 0x50);

        assertThat(StreamChecker.check(w.toBytes()).violation).startsWith("transid 80 after 256");
    }

    @Test
    void shouldRefuseBrokenFraming() {
        final StreamWriter w = new StreamWriter(0x100);
        w.single(PAYLOAD);
        final byte[] good = w.toBytes();

        final byte[] magic = good.clone();
        magic[0] = 0x35;
        assertThat(StreamChecker.check(magic).violation).startsWith("bad header at 0");

        final byte[] trailer = good.clone();
        trailer[good.length - 8] ^= 1;
        assertThat(StreamChecker.check(trailer).violation).isEqualTo("bad trailer at 0");

        final byte[] trailerSize = good.clone();
        trailerSize[good.length - 4] ^= 1;
        assertThat(StreamChecker.check(trailerSize).violation).isEqualTo("bad trailer at 0");

        assertThat(StreamChecker.check(Arrays.copyOf(good, good.length - 1)).violation).startsWith("bad header at 0");
        assertThat(StreamChecker.check(Arrays.copyOf(good, good.length + 15)).violation)
                .isEqualTo("truncated header at " + good.length);
    }

    @Test
    void shouldRefuseOverlappingAndUnfinishedTransactions() {
        final StreamWriter twice = new StreamWriter(0x100);
        twice.record(StreamId.BEGIN | ID, PAYLOAD);
        twice.record(StreamId.BEGIN | ID, PAYLOAD);
        assertThat(StreamChecker.check(twice.toBytes()).violation).isEqualTo("BEGIN on open id 256 at 32");

        final StreamWriter orphan = new StreamWriter(0x100);
        orphan.record(StreamId.END | ID, PAYLOAD);
        assertThat(StreamChecker.check(orphan.toBytes()).violation).isEqualTo("continuation of a closed id 256 at 0");

        final StreamWriter open = new StreamWriter(0x100);
        open.record(StreamId.BEGIN | ID, PAYLOAD);
        assertThat(StreamChecker.check(open.toBytes()).violation).isEqualTo("transactions left open: [256]");
    }
}
