package io.kemu.vfs.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.vfs.Cred;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import org.junit.jupiter.api.Test;

/**
 * The generator's incremental index of the tree against a fresh walk of the mount after every step,
 * over seeded runs in every mode and with several generators sharing one mount (as simulated CPUs
 * do). The seed and step are in every message.
 */
class TreeIndexTest {
    private static final long[] SEEDS = {1, 2, 3, 42, 2026};
    private static final int OPS = 2000;

    private static Mount mount() {
        return new Mount(5, MountLimits.DEFAULT, new SteppingClock(new Timespec(1_600_000_000L, 0), 1_000));
    }

    @Test
    void shouldEqualAFreshWalkAfterEveryStepInEveryMode() {
        for (long seed : SEEDS) {
            for (int mode = 0; mode < 3; ++mode) {
                final Mount mount = mount();
                final WorkloadGenerator generator = new WorkloadGenerator(seed, mode == 1, mode == 2);
                for (int i = 0; i < OPS; ++i) {
                    final Step step = generator.next(mount);
                    step.applyTo(mount);
                    assertThat(TreeIndex.of(mount).difference(mount)).as("seed %d mode %d op %d %s", seed, mode, i,
                            step.op()).isNull();
                }
            }
        }
    }

    @Test
    void shouldFollowStepsOfEveryGeneratorSharingTheMount() {
        for (long seed : SEEDS) {
            final Mount mount = mount();
            final WorkloadGenerator[] cpus = {new WorkloadGenerator(seed, false), new WorkloadGenerator(seed + 1, false),
                    new WorkloadGenerator(seed + 2, true)};
            for (int i = 0; i < OPS; ++i) {
                final Step step = cpus[i % cpus.length].next(mount);
                step.applyTo(mount);
                assertThat(TreeIndex.of(mount).difference(mount)).as("seed %d op %d %s", seed, i, step.op()).isNull();
            }
        }
    }

    @Test
    void shouldFollowARenamedDirectoryWithItsSubtree() {
        final Mount mount = mount();
        final Cred root = Cred.root(1, "t");
        final TreeIndex index = TreeIndex.of(mount);
        new Step(new WorkloadOp.Mkdir("a", 0755), root).applyTo(mount);
        new Step(new WorkloadOp.Mkdir("a/b", 0755), root).applyTo(mount);
        new Step(new WorkloadOp.Create("a/b/f", 0644), root).applyTo(mount);
        new Step(new WorkloadOp.Symlink("f", "a/b/l"), root).applyTo(mount);
        new Step(new WorkloadOp.Rename("a", "c"), root).applyTo(mount);

        assertThat(index.difference(mount)).isNull();
        assertThat(index.vnode("c/b/f")).isNotNull();
        assertThat(index.vnode("a/b/f")).isNull();
        assertThat(index.files.size()).isEqualTo(1);
        assertThat(index.files.get(0)).isEqualTo("c/b/f");
        assertThat(index.depth("c/b/l")).isEqualTo(3);
    }
}
