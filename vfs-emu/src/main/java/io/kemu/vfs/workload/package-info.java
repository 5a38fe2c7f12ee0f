/**
 * Seeded workloads on an emulated mount, and the mount's final tree on a real disk.
 *
 * <p>{@link io.kemu.vfs.workload.WorkloadGenerator} produces {@link io.kemu.vfs.workload.Step}s
 * (a {@link io.kemu.vfs.workload.WorkloadOp} and its credentials) from a seed and the current tree,
 * read from the mount's {@link io.kemu.vfs.workload.TreeIndex} (kept up to date by
 * {@link io.kemu.vfs.workload.Step#applyTo}, so a step's cost does not grow with the tree or the run);
 * {@link io.kemu.vfs.workload.TreeExporter} writes a mount's tree to a directory in exactly the form
 * kemu's journal mirror ({@code io.kemu.journal.scan.mirror.Mirror}) builds from the mount's journal;
 * {@link io.kemu.vfs.workload.JournalRecorder} combines both with one journal, for {@code kemu
 * record}; {@link io.kemu.vfs.workload.TreeDiff} compares two such trees.
 */
package io.kemu.vfs.workload;
