package io.kemu.journal.scan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transids are unsigned 64-bit numbers, read back in every form kemu prints them. */
class TransidsTest {
    @Test
    void shouldReadTheFormDumpPrintsAndThe0xFormAndDecimalAsTheSameValue() {
        long t = 0x1a556e40000f4686L;
        assertThat(Transids.parse(Transids.hex16(t))).isEqualTo(t);
        assertThat(Transids.parse(Transids.format(t))).isEqualTo(t);
        assertThat(Transids.parse(Long.toUnsignedString(t))).isEqualTo(t);
        assertThat(Transids.parse("1a556e40000f4686")).isEqualTo(t);
    }

    @Test
    void shouldAcceptValuesAboveTwoToTheSixtyThreeInEveryForm() {
        for (long t : new long[] {0x8000000000000000L, 0xfedcba9876543210L, -1L}) {
            assertThat(Transids.parse(Transids.hex16(t))).isEqualTo(t);
            assertThat(Transids.parse(Transids.format(t))).isEqualTo(t);
            assertThat(Transids.parse(Long.toUnsignedString(t))).as(Long.toUnsignedString(t)).isEqualTo(t);
        }
        assertThat(Transids.parse("18446744073709551615")).isEqualTo(-1L);
    }

    @Test
    void shouldRefuseWhatIsNoTransidNamingTheAcceptedForms() {
        for (String bad : new String[] {"", "0x", "zz", "-1", "18446744073709551616", "0x10000000000000000",
            "1a556e40000f468", "0x12g4", "1 2"}) {
            assertThatThrownBy(() -> Transids.parse(bad)).as(bad).isInstanceOf(NumberFormatException.class)
                    .hasMessageContaining("is not a transid (16 hex digits as dump prints them");
        }
    }

    @Test
    void shouldOrderTransidsAsUnsignedNumbers() {
        assertThat(Transids.isAfter(0x8000000000000000L, 0x7fffffffffffffffL)).isTrue();
        assertThat(Transids.isAfter(-1L, 0)).isTrue();
        assertThat(Transids.max(0x7fffffffffffffffL, 0x8000000000000000L)).isEqualTo(0x8000000000000000L);
        assertThat(Transids.min(1, -1L)).isEqualTo(1);
        assertThat(new ResumePoint(0x7fffffffffffffffL, java.util.List.of(0x8000000000000002L, 0x8000000000000000L))
                .finishedAbove()).containsExactly(0x8000000000000000L, 0x8000000000000002L);
        assertThat(new ResumePoint(0x8000000000000000L, java.util.List.of()).isFinished(5)).isTrue();
        assertThat(new ResumePoint(5, java.util.List.of()).isFinished(0x8000000000000000L)).isFalse();
    }
}
