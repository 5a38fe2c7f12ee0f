package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ScanLimits;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.Transaction;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report of a run, its bounded lists and summary line, and the mirror's options (issue 16, mutation testing). */
class MirrorReportTest {

    @Test
    void shouldSummariseEveryCounterInOneLine() {
        MirrorReport r = new MirrorReport(1, 2, 3, 4, 5, 6, 7, 8, 9, 0x1a, 11, List.of(), 12, List.of(), 13);
        assertThat(r.summary()).isEqualTo("1 records, 2 bytes: 3 applied, 4 undone, 5 duplicate transactions"
                + " (6 duplicate records), 7 aborted, 8 control, 9 rejected; 12 problems, 13 warnings;"
                + " completed through 0x000000000000001a");
        assertThat(r.clean()).isFalse();
        assertThat(new MirrorReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, List.of(), 5).clean()).isTrue();
        List<String> warnings = new ArrayList<>(List.of("w"));
        MirrorReport copied = new MirrorReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, warnings, 1);
        warnings.add("later");
        assertThat(copied.warnings()).containsExactly("w");
        assertThatThrownBy(() -> copied.warnings().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldKeepTheFirstThousandProblemsAndWarningsAndCountThemAll() {
        ReportBuilder b = new ReportBuilder();
        for (int i = 0; i < MirrorReport.MAX_KEPT + 5; i++) {
            b.problem(ScanProblem.at(ProblemKind.GARBAGE, i, "p" + i));
            b.warning("w" + i);
        }
        assertThat(b.problemCount()).isEqualTo(1005);
        MirrorReport r = b.build(null, 42);
        assertThat(r.problems()).hasSize(1000);
        assertThat(r.problems().get(999).message()).isEqualTo("p999");
        assertThat(r.problemCount()).isEqualTo(1005);
        assertThat(r.warnings()).hasSize(1000).endsWith("w999");
        assertThat(r.warningCount()).isEqualTo(1005);
        assertThat(r.completedThrough()).isEqualTo(42);
        assertThat(r.records()).isZero();
        assertThat(r.bytes()).isZero();
        assertThat(r.newestTransid()).isZero();
        assertThat(r.duplicateRecords()).isZero();
    }

    @Test
    void shouldPrefixWarningsWithTheTransactionBeingAppliedAndKeepThemOneLine() {
        ReportBuilder b = new ReportBuilder();
        b.applied = 1;
        b.undone = 2;
        b.duplicates = 3;
        b.aborted = 4;
        b.control = 5;
        b.rejected = 6;
        b.warning("before");
        b.context(new Transaction(0x100, 0, 0x10, 0x12, 96, 128, 2, new byte[16], 16));
        b.warning("during\nwith a newline");
        b.context(null);
        b.warning("after");
        MirrorReport r = b.build(null, 0);
        assertThat(r.warnings()).containsExactly("before",
                "offset 96 transid 0x0000000000000010: during\\nwith a newline", "after");
        assertThat(List.of(r.applied(), r.undone(), r.duplicates(), r.aborted(), r.control(), r.rejected()))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(r.clean()).isTrue();
    }

    @Test
    void shouldChangeOneOptionAtATime() {
        assertThat(MirrorOptions.DEFAULT).isEqualTo(new MirrorOptions(ScanLimits.DEFAULT, true, false, false, null));
        assertThat(MirrorOptions.FAITHFUL).isEqualTo(new MirrorOptions(ScanLimits.DEFAULT, true, true, false, null));
        ScanLimits small = new ScanLimits(100, 100);
        Path state = Path.of("/somewhere");
        MirrorOptions o = MirrorOptions.DEFAULT.withLimits(small).withApplyOwnership(false).withFsync(true)
                .withStateDirectory(state);
        assertThat(o).isEqualTo(new MirrorOptions(small, false, false, true, state));
        assertThat(o.withAllowOutwardSymlinks(true)).isEqualTo(new MirrorOptions(small, false, true, true, state));
        assertThat(o.withLimits(ScanLimits.DEFAULT)).isEqualTo(new MirrorOptions(ScanLimits.DEFAULT, false, false, true,
                state));
        assertThat(o.withApplyOwnership(true)).isEqualTo(new MirrorOptions(small, true, false, true, state));
        assertThat(o.withFsync(false)).isEqualTo(new MirrorOptions(small, false, false, false, state));
        assertThat(o.withStateDirectory(null)).isEqualTo(new MirrorOptions(small, false, false, true, null));
        assertThatThrownBy(() -> new MirrorOptions(null, true, true, true, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("limits");
    }
}
