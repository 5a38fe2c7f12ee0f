package io.kemu.testkit;

import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.Journal;
import io.kemu.vfs.jops.MountJournals;
import io.kemu.vfs.jops.SinkFactory;
import io.kemu.vfs.workload.JournalRecorder;
import java.time.Instant;

/**
 * Emulated mounts for tests, benchmarks and drivers, with default limits and a stepping clock (each
 * clock reading advances by a fixed step, so runs are reproducible), and journals installed
 * straight on a mount's journaling layer, without actors.
 */
public final class TestMounts {
    private TestMounts() {
    }

    /**
     * A mount like {@link JournalRecorder}'s (its filesystem id, start time and clock step), so the
     * journal a run writes can be compared byte for byte with {@code kemu record}'s.
     */
    public static Mount likeRecorder() {
        return mount(JournalRecorder.FSID, JournalRecorder.EPOCH, JournalRecorder.CLOCK_STEP_NANOS);
    }

    /** A mount with filesystem id {@code fsid} whose clock starts at {@code start} and steps {@code stepNanos}. */
    public static Mount mount(long fsid, Timespec start, long stepNanos) {
        return new Mount(fsid, MountLimits.DEFAULT, new SteppingClock(start, stepNanos));
    }

    /** As {@link #mount}, the clock starting at the wall-clock time now. */
    public static Mount startingNow(long fsid, long stepNanos) {
        final Instant now = Instant.now();
        return mount(fsid, new Timespec(now.getEpochSecond(), now.getNano()), stepNanos);
    }

    /**
     * mountctl install straight on the journaling layer (no actors): the journal's transactions go to
     * the sink {@code factory} makes.
     *
     * @throws IllegalStateException when the rules refuse, with the errno
     */
    public static Journal install(MountJournals journals, InstallRequest request, SinkFactory factory) {
        final VfsResult<Journal> result = journals.install(request, factory);
        if (result instanceof VfsResult.Failed<Journal> failed) {
            throw new IllegalStateException("journal install refused: " + failed.errno());
        }
        return ((VfsResult.Ok<Journal>) result).value();
    }
}
