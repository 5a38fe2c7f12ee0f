package io.kemu.journal.scan.dump;

import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JournalDumpTest {

    private static String dump(byte[] stream, List<ScanProblem> problemsOut) {
        StringWriter out = new StringWriter();
        problemsOut.addAll(JournalDump.dump(new ByteArrayInputStream(stream), new PrintWriter(out), 8));
        return out.toString();
    }

    @Test
    void shouldListEveryTransactionAndSubRecordWithFormattedData() {
        StreamWriter w = new StreamWriter(0x10);
        w.single(Vops.mkdir("dir", 0755));
        w.single(Vops.write("dir/f", 4, null, "hello, journal".getBytes(StandardCharsets.UTF_8)));
        List<ScanProblem> problems = new java.util.ArrayList<>();
        String text = dump(w.toBytes(), problems);
        assertThat(problems).isEmpty();
        assertThat(text).isEqualTo(String.join("\n",
                "STREAM 0100 0000000000000010 offset 0 records 1 {",
                "    @16 RECORD MKDIR [801b/132]",
                "        @24 RECORD PATH1 [0402/12] DATA \"dir\"",
                "        @40 RECORD CRED [8101/36]",
                "            @48 RECORD UID [0406/12] DATA 0",
                "            @64 RECORD GID [4407/12] DATA 0",
                "        @80 RECORD VATTR [8100/36]",
                "            @88 RECORD VTYPE [041d/12] DATA 2 (VDIR)",
                "            @104 RECORD MODES [4408/12] DATA 0755",
                "        @120 RECORD PATH1 [0402/12] DATA \"dir\"",
                "        @136 RECORD PATH_REF [440e/12] DATA \"dir\"",
                "}",
                "STREAM 0100 0000000000000012 offset 160 records 1 {",
                "    @16 RECORD WRITE [8011/110]",
                "        @24 RECORD CRED [8101/36]",
                "            @32 RECORD UID [0406/12] DATA 0",
                "            @48 RECORD GID [4407/12] DATA 0",
                "        @64 RECORD PATH_REF [040e/14] DATA \"dir/f\"",
                "        @80 RECORD REDO [c006/46]",
                "            @88 RECORD SEEKPOS [0411/16] DATA 0x4",
                "            @104 RECORD FILEDATA [4401/22] DATA 14 bytes: 68 65 6c 6c 6f 2c 20 6a ...",
                "}",
                ""));
    }

    @Test
    void shouldShowPadsAbortedAndControlStreamsAndProblemsInline() {
        StreamWriter w = new StreamWriter(0x20);
        w.record(StreamId.BEGIN | StreamId.END | StreamId.DISCONT, Vops.associate());
        w.pad(16);
        w.record(StreamId.BEGIN | StreamId.END | StreamId.ABORTED | 0x100, new byte[0]);
        w.raw(new byte[32]);
        List<ScanProblem> problems = new java.util.ArrayList<>();
        String text = dump(w.toBytes(), problems);
        assertThat(text).contains("STREAM 0002 0000000000000020 offset 0 records 1 DISCONT {\n    @16 RECORD ASSOCIATE [0002/8]\n}")
                .contains("PAD offset 32 size 16")
                .contains("STREAM 0100 0000000000000023 offset 48 records 1 ABORTED {\n}")
                .contains("!! GARBAGE offset 80: bad begmagic 0x0000; skipped 32 bytes up to offset 112");
        assertThat(problems).extracting(ScanProblem::kind).containsExactly(ProblemKind.GARBAGE);
    }

    @Test
    void shouldReportAnUnparsableTransactionInsideItsBlock() {
        StreamWriter w = new StreamWriter(1);
        w.single(new byte[] {1, 4, 0, 0, -1, -1, -1, -1});
        List<ScanProblem> problems = new java.util.ArrayList<>();
        String text = dump(w.toBytes(), problems);
        assertThat(text).contains("    !! MALFORMED: @16: recsize -1 on leaf type 0x0401");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.offset()).isZero());
    }

    @Test
    void shouldPrintRectypesAsPrintfWould() {
        for (int v : new int[] {0, 0xf, 0x10, 0x123, 0x8001, 0xffff, 0x12345, -1, Integer.MIN_VALUE}) {
            assertThat(JournalDump.hex4(v)).as("0x%x", v).isEqualTo(String.format("%04x", v));
        }
    }
}
