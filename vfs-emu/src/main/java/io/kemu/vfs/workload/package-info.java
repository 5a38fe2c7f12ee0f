/**
 * Seeded workloads on an emulated mount, and the mount's final tree on a real disk.
 *
 * <p>{@link io.kemu.vfs.workload.WorkloadGenerator} produces {@link io.kemu.vfs.workload.Step}s
 * (a {@link io.kemu.vfs.workload.WorkloadOp} and its credentials) from a seed and the current tree;
 * {@link io.kemu.vfs.workload.TreeExporter} writes a mount's tree to a directory in the form a
 * jscan mirror would have; {@link io.kemu.vfs.workload.JournalRecorder} combines both with one
 * journal, for {@code kemu record}.
 */
package io.kemu.vfs.workload;
