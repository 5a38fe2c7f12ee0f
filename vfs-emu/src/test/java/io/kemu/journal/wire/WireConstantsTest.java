package io.kemu.journal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The named wire facts hold what the kernel's bytes say. */
class WireConstantsTest {

    @Test
    void shouldNameWhatA16BytePadsTransidFieldReadsOnceItsTrailerOverlaysIt() {
        final byte[] pad = new byte[RawRecordHeaderDescriptor.MIN_RECSIZE];
        RawRecordHeaderDescriptor.recsize(pad, 0, pad.length);
        RawRecordHeaderDescriptor.transid(pad, 0, 12345);
        RawRecordTrailerDescriptor.write(pad, pad.length - RawRecordTrailerDescriptor.LENGTH, pad.length);
        assertThat(RawRecordHeaderDescriptor.transid(pad, 0))
                .isEqualTo(RawRecordHeaderDescriptor.SMALL_PAD_TRANSID)
                .isEqualTo(68719529455L);
    }

    @Test
    void shouldAlignRecordsAndLeavesAsTheKernelDoes() {
        assertThat(RawRecordHeaderDescriptor.alignedSize(17)).isEqualTo(32);
        assertThat(RawRecordHeaderDescriptor.alignedSize(32)).isEqualTo(32);
        assertThat(RawRecordHeaderDescriptor.isAligned(48)).isTrue();
        assertThat(RawRecordHeaderDescriptor.isAligned(40)).isFalse();
        assertThat(SubRecordDescriptor.alignedPayload(9)).isEqualTo(16);
        assertThat(SubRecordDescriptor.alignedPayload(16)).isEqualTo(16);
        assertThat(SubRecordDescriptor.paddingAfter(9)).isEqualTo(7);
        assertThat(SubRecordDescriptor.paddingAfter(16)).isZero();
    }
}
