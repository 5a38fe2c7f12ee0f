/**
 * The journal simulation driver, behind {@code kemu simulate} and open to users' own tests:
 * simulated CPUs on emulated mounts, journals streaming to in-process mirroring targets, faults
 * (dropped connections, slow targets), then verification (mirror equals the emulated tree, transids
 * strictly increase) and a report. {@link io.kemu.testkit.simulation.Simulation#run} is the entry
 * point under any thread model; the command line, its printing and its flags stay in {@code cli}.
 *
 * <p>What it mirrors: a machine whose CPUs issue VOPs against journaled mounts
 * ({@code vfs_journal.c}: {@code journal_reserve} sleeping for ring space, {@code journal_wthread}
 * writing, {@code journal_rthread} reading acks) and a {@code jscan} mirroring on the far end.
 *
 * <p>Invariants: a verified report means every journal kemu kept (TCP and file targets) mirrored to
 * exactly its mount's emulated tree, its stream whole records with strictly increasing transids, no
 * VOP refused and nothing discarded at unmount. The same options and seed under the deterministic
 * thread model give the same trace and the same report, wall-clock figures aside.
 *
 * <p>Names: {@link io.kemu.testkit.simulation.SimulationReport} (the journal simulation's outcome) is
 * independent of {@code io.kemu.actors.cluster.SimulationReport} (the cluster simulation's).
 *
 * <p>Threading: the driver thread waits on asks ({@code DriverWaits}); the workload runs in actors.
 * Under every thread model but {@code deterministic} it blocks (through {@code io.kemu.testkit}) while
 * the actors run on their dispatchers' threads; under {@code deterministic} the driver thread is the
 * one thread that runs them, each wait running the system until its answer is there, in virtual time.
 */
package io.kemu.testkit.simulation;
