package io.kemu.vfs.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.RecordBuilder;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.VType;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.Vnode;
import io.kemu.vfs.jops.FifoSink;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountJournals;
import io.kemu.vfs.jops.MountctlFlags;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized runs of the workload generator on journaled mounts: thousands of operations per
 * seed, the filesystem invariants checked along the way, the journal stream checked for framing
 * and for one committed transaction per successful journaled VOP. The seed is in every message.
 */
class WorkloadPropertyTest {
    private static final long[] SEEDS = {1, 2, 3, 42, 20260101};
    private static final int OPS = 2500;

    /** A journaled mount whose 64 KiB ring drains into {@link #wire} whenever it fills. */
    private static final class Rig {
        final Mount mount = new Mount(9, MountLimits.DEFAULT, new SteppingClock(new Timespec(1_600_000_000L, 0), 7_000));
        final MountJournals journals = new MountJournals(mount);
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final List<JournalFifo> rings = new ArrayList<>();
        int commits;
        int aborts;

        Rig(boolean reversable) {
            journals.install(new InstallRequest(JournalId.of("prop"), reversable ? MountctlFlags.WANT_REVERSABLE : 0,
                    64 << 10, 0x100000), config -> {
                        final JournalFifo fifo = new JournalFifo(config.fifoSize(), config.firstTransid(), false);
                        rings.add(fifo);
                        final FifoSink sink = new FifoSink(fifo);
                        fifo.stallHandler(f -> {
                            final int before = f.xindex();
                            drain(f);
                            return f.xindex() != before;
                        });
                        return streamId -> counting(sink.begin(streamId), streamId);
                    });
        }

        private RecordBuilder counting(RecordBuilder inner, int streamId) {
            return new RecordBuilder() {
                public void push(int rectype) {
                    inner.push(rectype);
                }

                public void pop() {
                    inner.pop();
                }

                public void leaf(int rectype, byte[] data, int offset, int length) {
                    inner.leaf(rectype, data, offset, length);
                }

                public void done(boolean abort) {
                    if (streamId >= 0x100) {
                        if (abort) {
                            ++aborts;
                        } else {
                            ++commits;
                        }
                    }
                    inner.done(abort);
                }
            };
        }

        void drain(JournalFifo f) {
            f.drain((mem, off, len) -> wire.write(mem, off, len));
        }

        byte[] finish() {
            drain(rings.get(0));
            return wire.toByteArray();
        }
    }

    @Test
    void shouldKeepFilesystemInvariantsAndAWellFormedJournalOverRandomRuns() {
        for (long seed : SEEDS) {
            final Rig rig = new Rig(seed % 2 == 0);
            final WorkloadGenerator generator = new WorkloadGenerator(seed, false);
            for (int i = 0; i < OPS; ++i) {
                final Step step = generator.next(rig.mount);
                step.applyTo(rig.mount);
                if (i % 250 == 0) {
                    assertThat(FilesystemInvariants.check(rig.mount)).as("seed %d after op %d %s", seed, i, step.op())
                            .isNull();
                }
                assertThat(rig.journals.streamIds().inUse()).as("seed %d op %d", seed, i).isZero();
            }
            assertThat(FilesystemInvariants.check(rig.mount)).as("seed %d at the end", seed).isNull();
            final StreamChecker stream = StreamChecker.check(rig.finish());
            assertThat(stream.violation).as("seed %d journal stream", seed).isNull();
            assertThat(stream.committed).as("seed %d committed transactions", seed).isEqualTo(rig.commits);
            assertThat(stream.aborted).as("seed %d aborted transactions on the wire", seed).isLessThanOrEqualTo(rig.aborts);
            assertThat(stream.controlRecords).as("seed %d ASSOCIATE", seed).isEqualTo(1);
        }
    }

    @Test
    void shouldExerciseEveryVopTypeWithSuccessesAndFailures() {
        for (long seed : SEEDS) {
            final Rig rig = new Rig(true);
            final WorkloadReport report = new WorkloadGenerator(seed, false).run(rig.mount, OPS);
            for (OpKind kind : OpKind.values()) {
                assertThat(report.successes(kind)).as("seed %d %s in %s", seed, kind, report).isPositive();
            }
            assertThat(report.failures()).as("seed %d %s", seed, report).isNotEmpty();
            assertThat(report.totalSuccesses()).as("seed %d", seed).isLessThan(report.total());
        }
    }

    @Test
    void shouldGenerateOnlyPortableOperationsInPortableMode() {
        for (long seed : SEEDS) {
            final Rig rig = new Rig(false);
            final WorkloadGenerator generator = new WorkloadGenerator(seed, true);
            for (int i = 0; i < OPS; ++i) {
                final Step step = generator.next(rig.mount);
                assertThat(step.op().kind().isPortable()).as("seed %d op %d %s", seed, i, step.op()).isTrue();
                assertThat(step.cred().isRoot()).as("seed %d op %d", seed, i).isTrue();
                if (step.op() instanceof WorkloadOp.Setattr setattr) {
                    assertThat(setattr.request().uid()).isEqualTo(-1);
                    assertThat(setattr.request().flags()).isEqualTo(-1);
                    assertThat(setattr.request().mtime().isVnoval()).isTrue();
                }
                step.applyTo(rig.mount);
            }
            assertThat(FilesystemInvariants.check(rig.mount)).as("seed %d", seed).isNull();
        }
    }

    /**
     * The portable mode promises a chmod or truncate never on a symlink (jscan's mirror would follow
     * it) and hard links only to regular files, also when a step picks a fresh name that happens to
     * exist. Issue 11 saw it with seed 2026 over 10,000 steps.
     */
    @Test
    void shouldNeverSetattrASymlinkNorLinkANonFileInPortableMode() {
        int setattrs = 0;
        int links = 0;
        for (long seed : new long[] {2026, 1, 2, 3, 42}) {
            final Rig rig = new Rig(false);
            final WorkloadGenerator generator = new WorkloadGenerator(seed, true);
            for (int i = 0; i < 10_000; ++i) {
                final Step step = generator.next(rig.mount);
                if (step.op() instanceof WorkloadOp.Setattr setattr) {
                    final VfsResult<Vnode> vp = rig.mount.resolve(setattr.path());
                    assertThat(vp.isOk() && vp.value().type() == VType.VLNK)
                            .as("seed %d op %d %s on a symlink", seed, i, step.op()).isFalse();
                    setattrs++;
                }
                if (step.op() instanceof WorkloadOp.Link link) {
                    final VfsResult<Vnode> vp = rig.mount.resolve(link.existing());
                    assertThat(vp.isOk() && vp.value().type() != VType.VREG)
                            .as("seed %d op %d %s to a non-file", seed, i, step.op()).isFalse();
                    links++;
                }
                step.applyTo(rig.mount);
            }
        }
        assertThat(setattrs).isGreaterThan(1000);
        assertThat(links).isGreaterThan(100);
    }

    /** A putpages carries zeros wherever its pages lie past end of file, as a page cache holds them. */
    @Test
    void shouldPutpagesOnlyZerosPastEndOfFile() {
        int pastEnd = 0;
        for (long seed : SEEDS) {
            final Rig rig = new Rig(false);
            final WorkloadGenerator generator = new WorkloadGenerator(seed, false);
            for (int i = 0; i < OPS; ++i) {
                final Step step = generator.next(rig.mount);
                if (step.op() instanceof WorkloadOp.Putpages putpages) {
                    final VfsResult<Vnode> vp = rig.mount.resolve(putpages.path());
                    final long size = vp.isOk() && vp.value().type() == VType.VREG ? vp.value().size() : 0;
                    final byte[] data = putpages.pages().data();
                    for (int b = 0; b < data.length; ++b) {
                        if (putpages.pages().offset() + b >= size) {
                            pastEnd++;
                            assertThat(data[b]).as("seed %d op %d %s byte %d (file size %d)", seed, i, step.op(), b,
                                    size).isZero();
                        }
                    }
                }
                step.applyTo(rig.mount);
            }
        }
        assertThat(pastEnd).as("some pages do lie past end of file").isPositive();
    }

    @Test
    void shouldMakeSymlinksWhoseTargetsStayInsideTheMountFromTheLinksDirectory() {
        int symlinks = 0;
        int climbing = 0;
        for (long seed : SEEDS) {
            for (boolean undoable : new boolean[] {false, true}) {
                final Rig rig = new Rig(false);
                final WorkloadGenerator generator = new WorkloadGenerator(seed, false, undoable);
                for (int i = 0; i < OPS; ++i) {
                    final Step step = generator.next(rig.mount);
                    if (step.op() instanceof WorkloadOp.Symlink symlink) {
                        final int dirDepth = symlink.path().split("/").length - 1;
                        final int lowest = lowestLevel(symlink.target());
                        assertThat(dirDepth + lowest).as("seed %d op %d %s", seed, i, step.op()).isNotNegative();
                        if (undoable) {
                            assertThat(lowest).as("seed %d op %d %s (undoable)", seed, i, step.op()).isZero();
                        }
                        symlinks++;
                        climbing += lowest < 0 ? 1 : 0;
                    }
                    step.applyTo(rig.mount);
                }
            }
        }
        assertThat(symlinks).isGreaterThan(100);
        assertThat(climbing).as("some targets do climb (../), within the mount").isGreaterThan(10);
    }

    /** How far above the link's directory the target's path goes at its deepest climb (0 or less). */
    private static int lowestLevel(String target) {
        assertThat(target).doesNotStartWith("/");
        int level = 0;
        int lowest = 0;
        for (String c : target.split("/")) {
            if (c.equals("..")) {
                lowest = Math.min(lowest, --level);
            } else if (!c.isEmpty() && !c.equals(".")) {
                level++;
            }
        }
        return lowest;
    }

    @Test
    void shouldProduceTheSameJournalForTheSameSeed() {
        final byte[] first = run(7, true);
        assertThat(run(7, true)).isEqualTo(first);
        assertThat(run(8, true)).isNotEqualTo(first);
    }

    private static byte[] run(long seed, boolean reversable) {
        final Rig rig = new Rig(reversable);
        new WorkloadGenerator(seed, false).run(rig.mount, 800);
        return rig.finish();
    }
}
