package io.kemu.journal.scan;

import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scanner's small value types at their boundaries (issue 16, mutation testing): transid forms,
 * escaping, the checks of Transaction, ResumePoint, ScanLimits and ScanOptions, and the printed
 * forms of problems and exceptions.
 */
class ScanValuesTest {

    @Test
    void shouldParseEveryTransidFormAtItsBoundaries() {
        assertThat(Transids.parse("0x1")).isEqualTo(1);
        assertThat(Transids.parse("0X10")).isEqualTo(16);
        assertThat(Transids.parse(" 0xFFFFFFFFFFFFFFFF ")).isEqualTo(-1L);
        assertThat(Transids.parse("000000000000000f")).isEqualTo(15);
        assertThat(Transids.parse("0000000000000010")).isEqualTo(16);
        assertThat(Transids.parse("  42 ")).isEqualTo(42);
        assertThat(Transids.parse("0")).isZero();
        assertThat(Transids.parse("9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        for (String bad : List.of("0x", "0x00000000000000001", "0xg", "", "  ", "-1", "+1", "1a", "18446744073709551616",
                "00000000000000ag", "0x-1")) {
            assertThatThrownBy(() -> Transids.parse(bad)).as(bad).isInstanceOf(NumberFormatException.class)
                    .hasMessage(Names.quote(bad) + " is not a transid (16 hex digits as dump prints them, 0x-prefixed"
                            + " hex, or decimal, at most 2^64-1)");
        }
    }

    @Test
    void shouldPrintTransidsWithSixteenDigits() {
        assertThat(Transids.hex16(0)).isEqualTo("0000000000000000");
        assertThat(Transids.hex16(0xabc)).isEqualTo("0000000000000abc");
        assertThat(Transids.hex16(-1L)).isEqualTo("ffffffffffffffff");
        assertThat(Transids.format(255)).isEqualTo("0x00000000000000ff");
        assertThat(Transids.compare(1, -1L)).isNegative();
        assertThat(Transids.compare(-1L, 1)).isPositive();
        assertThat(Transids.compare(7, 7)).isZero();
        assertThat(Transids.isAfter(7, 7)).isFalse();
        assertThat(Transids.max(-1L, 3)).isEqualTo(-1L);
        assertThat(Transids.min(-1L, 3)).isEqualTo(3);
        assertThat(Transids.UNSIGNED.compare(Long.MIN_VALUE, Long.MAX_VALUE)).isPositive();
    }

    @Test
    void shouldEscapeExactlyTheUnsafeCharacters() {
        assertThat(Names.quote("\u001f \u007e\u007f\u0080\u009f\u00a0\u2029\u00ad'\\"))
                .isEqualTo("'\\x1f ~\\x7f\\u{0080}\\u{009f}\u00a0\\u{2029}\\u{00ad}\\'\\\\'");
        assertThat(Names.oneLine("ok \u00a0 ~ 'q' \\")).isEqualTo("ok \u00a0 ~ 'q' \\");
        assertThat(Names.oneLine("a\u0000b\u0085c 'q' \\")).isEqualTo("a\\x00b\\u{0085}c 'q' \\");
        assertThat(Names.oneLine("\u009f")).isEqualTo("\\u{009f}");
        assertThat(Names.oneLine("\u0080")).isEqualTo("\\u{0080}");
        assertThat(Names.oneLine("\u00a0")).isEqualTo("\u00a0");
        assertThat(Names.oneLine("\u2028")).isEqualTo("\\u{2028}");
        assertThat(Names.oneLine("\u007f")).isEqualTo("\\x7f");
        assertThat(Names.oneLine("\u001f")).isEqualTo("\\x1f");
        assertThat(Names.oneLine(" ")).isEqualTo(" ");
        assertThat(Names.quote("")).isEqualTo("''");
    }

    @Test
    void shouldCheckAndPrintATransaction() {
        byte[] data = new byte[20];
        assertThatThrownBy(() -> new Transaction(0x100, 0, 1, 2, 0, 0, 1, data, 15))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("length 15 outside [16, 20]");
        assertThatThrownBy(() -> new Transaction(0x100, 0, 1, 2, 0, 0, 1, data, 21))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("length 21 outside [16, 20]");
        Transaction t = new Transaction(0xE123, 0xFFFF, 1, 2, 5, 9, 3, data, 16);
        assertThat(t.streamId()).isEqualTo(0x123);
        assertThat(t.controlBits()).isEqualTo(0xE000);
        assertThat(t.isAborted()).isTrue();
        assertThat(t.isControl()).isFalse();
        assertThat(t.length()).isEqualTo(16);
        assertThat(t.data()).isSameAs(data);
        assertThat(t).hasToString("Transaction[stream 0x0123 transid 0x0000000000000001..0x0000000000000002 offset 5,"
                + " 3 records, 16 bytes, ABORTED]");
        Transaction u = new Transaction(0x00FF, StreamId.BEGIN | StreamId.END, 3, 4, 0, 0, 1, data, 20);
        assertThat(u.isAborted()).isFalse();
        assertThat(u.isControl()).isTrue();
        assertThat(u.controlBits()).isEqualTo(0xC000);
        assertThat(u).hasToString("Transaction[stream 0x00ff transid 0x0000000000000003..0x0000000000000004 offset 0,"
                + " 1 records, 20 bytes]");
        assertThat(new Transaction(0x0100, 0, 3, 4, 0, 0, 1, data, 20).isControl()).isFalse();
    }

    @Test
    void shouldDescribeARawRecordFromItsStreamId() {
        RawRecord pad = new RawRecord(0, StreamId.PAD_RECORD, 16, 0, new byte[16], 0);
        assertThat(pad.isPad()).isTrue();
        assertThat(pad.payloadLength()).isZero();
        assertThat(pad.alignedSize()).isEqualTo(16);
        assertThat(pad.id()).isEqualTo(StreamId.PAD);
        RawRecord r = new RawRecord(64, StreamId.END | StreamId.ABORTED | 0x1234, 27, 9, new byte[64], 16);
        assertThat(r.isPad()).isFalse();
        assertThat(r.isBegin()).isFalse();
        assertThat(r.isEnd()).isTrue();
        assertThat(r.isAborted()).isTrue();
        assertThat(r.id()).isEqualTo(0x1234);
        assertThat(r.payloadLength()).isEqualTo(3);
        assertThat(r.payloadIndex()).isEqualTo(32);
        assertThat(r.alignedSize()).isEqualTo(32);
        RawRecord b = new RawRecord(0, StreamId.BEGIN | 0x100, 24, 9, new byte[32], 0);
        assertThat(b.isBegin()).isTrue();
        assertThat(b.isEnd()).isFalse();
        assertThat(b.isAborted()).isFalse();
        assertThat(b.payloadLength()).isZero();
    }

    @Test
    void shouldKeepAResumePointSortedAndAboveItsWatermark() {
        ResumePoint p = new ResumePoint(1, List.of(0x8000000000000000L, 5L, 3L));
        assertThat(p.finishedAbove()).containsExactly(3L, 5L, 0x8000000000000000L);
        assertThat(p.isFinished(1)).isTrue();
        assertThat(p.isFinished(0)).isTrue();
        assertThat(p.isFinished(2)).isFalse();
        assertThat(p.isFinished(5)).isTrue();
        assertThat(p.isFinished(-1L)).isFalse();
        assertThat(new ResumePoint(5, List.of(6L)).finishedAbove()).containsExactly(6L);
        assertThatThrownBy(() -> new ResumePoint(5, List.of(5L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("finishedAbove must be distinct transids above the watermark 5: [5]");
        assertThatThrownBy(() -> new ResumePoint(5, List.of(7L, 7L))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResumePoint(-1L, List.of(7L))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ResumePoint.START.watermark()).isZero();
        assertThat(ResumePoint.START.finishedAbove()).isEmpty();
    }

    @Test
    void shouldCheckLimitsAndKeepOptionsWhenChangingThem() {
        assertThat(new ScanLimits(16, 16).maxOpenBytes()).isEqualTo(16);
        assertThatThrownBy(() -> new ScanLimits(15, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need 16 <= maxTransactionBytes <= maxOpenBytes");
        assertThatThrownBy(() -> new ScanLimits(100, 99)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ScanLimits.DEFAULT).isEqualTo(new ScanLimits(128 << 20, 256L << 20));
        ScanLimits small = new ScanLimits(100, 200);
        assertThat(ScanOptions.MIRROR.withLimits(small)).isEqualTo(new ScanOptions(small, true));
        assertThat(ScanOptions.DUMP.withLimits(small)).isEqualTo(new ScanOptions(small, false));
        assertThat(ScanOptions.DUMP.limits()).isEqualTo(ScanLimits.DEFAULT);
        assertThatThrownBy(() -> new ScanOptions(null, true)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldPrintProblemsAndExceptionsAsOneLineWithWhatIsKnown() {
        assertThat(ScanProblem.at(ProblemKind.GARBAGE, 0, "x")).hasToString("GARBAGE offset 0: x");
        assertThat(ScanProblem.at(ProblemKind.GARBAGE, -1, "x")).hasToString("GARBAGE: x");
        assertThat(ScanProblem.at(ProblemKind.ORPHAN, 32, 10, "a\nb")).hasToString(
                "ORPHAN offset 32 transid 0x000000000000000a: a\\nb");
        assertThat(ScanProblem.at(ProblemKind.ORPHAN, 32, 10, "m").transid()).hasValue(10);
        assertThatThrownBy(() -> new ScanProblem(null, 0, OptionalLong.empty(), "m"))
                .isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> new ScanProblem(ProblemKind.IO, 0, null, "m"))
                .isInstanceOf(NullPointerException.class).hasMessage("transid");
        assertThatThrownBy(() -> new ScanProblem(ProblemKind.IO, 0, OptionalLong.empty(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("message");

        IOException cause = new IOException("disk");
        JournalScanException e = new JournalScanException(ProblemKind.IO, "cannot read", cause);
        assertThat(e.getMessage()).isEqualTo("IO: cannot read");
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.kind()).isEqualTo(ProblemKind.IO);
        assertThat(e.offset()).isEqualTo(-1);
        assertThat(e.transid()).isEmpty();
        assertThat(e.reason()).isEqualTo("cannot read");
        JournalScanException f = new JournalScanException(ProblemKind.MALFORMED, 48, OptionalLong.of(255), "bad\rleaf",
                null);
        assertThat(f.getMessage()).isEqualTo("MALFORMED offset 48 transid 0x00000000000000ff: bad\\rleaf");
        assertThat(f.reason()).isEqualTo("bad\rleaf");
        assertThat(f.offset()).isEqualTo(48);
        assertThat(f.transid()).hasValue(255);
        assertThat(f.toProblem()).isEqualTo(new ScanProblem(ProblemKind.MALFORMED, 48, OptionalLong.of(255), "bad\rleaf"));
        assertThat(new JournalScanException(ProblemKind.FAILED, "r").getCause()).isNull();
        assertThat(new JournalScanException(ProblemKind.FAILED, "r").kind()).isEqualTo(ProblemKind.FAILED);
    }
}
