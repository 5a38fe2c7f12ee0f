package io.kemu.vfs.workload;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.jops.FifoSink;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountJournals;
import io.kemu.vfs.jops.MountctlFlags;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Runs a seeded workload on an emulated mount with one journal and keeps both results: the journal
 * stream exactly as the journal's writer would have sent it, and the final tree exported to disk.
 * Single-threaded and deterministic: the clock starts at a fixed time, the journal's first transid
 * comes from it, and the writer runs whenever a reservation finds the ring full and once at the
 * end, after the journal is removed (DISASSOCIATE) as an unmount would. The exported tree is what
 * {@code kemu jscan mirror} builds from the stream ({@link TreeExporter}), so the two compare equal.
 */
public final class JournalRecorder {
    /** 2026-01-01T00:00:00Z: where the emulated clock starts. */
    public static final Timespec EPOCH = new Timespec(1_767_225_600L, 0);
    /** Each clock reading advances time by this much. */
    public static final long CLOCK_STEP_NANOS = 1_000_000;
    /** The emulated mount's filesystem id. */
    public static final long FSID = 0x4B454D55L;
    /** The journal's id. */
    public static final String JOURNAL_ID = "kemu-record";

    /**
     * @param seed workload seed
     * @param ops number of workload steps
     * @param reversable install the journal with WANT_REVERSABLE (UNDO sections)
     * @param portable restrict the workload to what jscan can mirror
     * @param membufsize requested FIFO size (0: 1 MiB), clamped as mountctl install does
     */
    public record Options(long seed, int ops, boolean reversable, boolean portable, long membufsize) {
        public Options {
            if (ops < 0) {
                throw new IllegalArgumentException("ops must not be negative: " + ops);
            }
            if (membufsize < 0) {
                throw new IllegalArgumentException("membufsize must not be negative: " + membufsize);
            }
        }
    }

    /** What a recording produced. */
    public record Result(WorkloadReport report, long journalBytes, long writes, TreeExporter.Report tree) {
    }

    private JournalRecorder() {
    }

    /**
     * Records a workload: the journal stream goes to {@code journal} (not closed here), the final
     * tree to {@code tree} (which must be empty or absent).
     */
    public static Result record(Options options, OutputStream journal, Path tree) throws IOException {
        Objects.requireNonNull(journal, "journal");
        TreeExporter.prepareTarget(tree);
        final Session session = Session.start(options, new WorkloadGenerator(options.seed(), options.portable()), journal);
        for (int i = 0; i < options.ops(); ++i) {
            session.step();
        }
        final WorkloadReport report = session.finish();
        return new Result(report, session.journalBytes(), session.writes(), TreeExporter.export(session.mount(), tree));
    }

    /**
     * A recording run one step at a time, for callers that look at the mount between steps (for
     * example to export the tree as it is at some transid). {@link #record} is this session run
     * straight through, so both write the same bytes for the same options and generator.
     * Single-threaded; {@link #finish()} once, after which no more steps can be taken.
     */
    public static final class Session {
        private final Mount mount;
        private final MountJournals journals;
        private final Writer writer;
        private final WorkloadGenerator generator;
        private final WorkloadReport report = new WorkloadReport();
        private boolean finished;

        private Session(Mount mount, MountJournals journals, Writer writer, WorkloadGenerator generator) {
            this.mount = mount;
            this.journals = journals;
            this.writer = writer;
            this.generator = generator;
        }

        /**
         * Installs the journal on a fresh emulated mount (the clock starts at {@link #EPOCH}); the
         * options' seed and portability are the generator's business, its ops count the caller's.
         */
        public static Session start(Options options, WorkloadGenerator generator, OutputStream journal)
                throws IOException {
            final Mount mount = new Mount(FSID, MountLimits.DEFAULT, new SteppingClock(EPOCH, CLOCK_STEP_NANOS));
            final MountJournals journals = new MountJournals(mount);
            final Writer writer = new Writer(Objects.requireNonNull(journal, "journal"));
            final int flags = options.reversable() ? MountctlFlags.WANT_REVERSABLE : 0;
            final InstallRequest request = new InstallRequest(JournalId.of(JOURNAL_ID), flags, options.membufsize(), 0);
            try {
                journals.install(request, FifoSink.factory(writer::attach));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return new Session(mount, journals, writer, generator);
        }

        /** Generates and applies one step; returns it. */
        public Step step() throws IOException {
            return step(generator);
        }

        /**
         * Generates one step with {@code other} (for example one of several simulated CPUs' generators
         * taking turns on this mount) and applies it; returns it.
         */
        public Step step(WorkloadGenerator other) throws IOException {
            if (finished) {
                throw new IllegalStateException("the recording is finished");
            }
            final Step step = other.next(mount);
            try {
                report.record(step.op().kind(), step.applyTo(mount));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return step;
        }

        /**
         * The newest transid reserved so far: every transaction of the steps taken ends at or below
         * it, every later one above it (steps run one after another). Undoing to it returns a
         * mirror to the tree as it is now.
         */
        public long lastTransid() {
            return writer.fifo.transid() - 1;
        }

        /** The emulated mount (read it, do not change it). */
        public Mount mount() {
            return mount;
        }

        /** Removes the journal (DISASSOCIATE) and writes out everything; returns what the steps did. */
        public WorkloadReport finish() throws IOException {
            if (!finished) {
                finished = true;
                try {
                    journals.removeAll();
                    writer.drain();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            return report;
        }

        public long journalBytes() {
            return writer.bytes;
        }

        public long writes() {
            return writer.writes;
        }
    }

    /** The journal's writer thread ({@code journal_wthread}), run synchronously when needed. */
    private static final class Writer {
        private final OutputStream out;
        private JournalFifo fifo;
        private long bytes;
        private long writes;

        Writer(OutputStream out) {
            this.out = out;
        }

        void attach(JournalFifo created) {
            this.fifo = created;
            created.stallHandler(f -> {
                final int before = f.xindex();
                drain();
                return f.xindex() != before;
            });
        }

        void drain() {
            writes += fifo.drain((ring, offset, length) -> {
                try {
                    out.write(ring, offset, length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                bytes += length;
            }).writes();
        }
    }
}
