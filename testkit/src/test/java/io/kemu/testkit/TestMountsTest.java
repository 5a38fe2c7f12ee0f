package io.kemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.jops.FifoSink;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.MountJournals;
import io.kemu.vfs.workload.JournalRecorder;
import org.junit.jupiter.api.Test;

class TestMountsTest {

    @Test
    void shouldBuildTheMountKemuRecordUses() {
        final Mount reference = new Mount(JournalRecorder.FSID, MountLimits.DEFAULT,
                new SteppingClock(JournalRecorder.EPOCH, JournalRecorder.CLOCK_STEP_NANOS));
        assertThat(TestMounts.likeRecorder().clock().now()).isEqualTo(reference.clock().now());
        final Timespec first = TestMounts.mount(7, new Timespec(100, 0), 1_000).clock().now();
        assertThat(first.sec()).isEqualTo(100);
        assertThat(first.nsec()).isLessThan(1_000_000);
    }

    @Test
    void shouldInstallStraightOnTheJournalingLayerOrSayWhy() {
        final MountJournals journals = new MountJournals(TestMounts.likeRecorder());
        assertThat(TestMounts.install(journals, InstallRequest.of("j", 0), FifoSink.factory(fifo -> { })).id().text())
                .isEqualTo("j");
        assertThatThrownBy(() -> TestMounts.install(journals, InstallRequest.of("k", 0), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("journal install refused: EBADF");
    }
}
