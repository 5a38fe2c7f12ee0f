/**
 * {@code kemu simulate}: simulated CPUs on emulated mounts, journals streaming to in-process mirroring
 * targets, faults (dropped connections, slow targets), then verification (mirror equals the emulated
 * tree, transids strictly increase) and a report.
 *
 * <p>Names: {@link io.kemu.cli.simulation.SimulationReport} (the journal simulation's outcome) is
 * independent of {@code io.kemu.actors.cluster.SimulationReport} (the cluster simulation's).
 *
 * <p>Threading: the driver thread waits on asks ({@code DriverWaits}); the workload runs in actors.
 * Under every thread model but {@code deterministic} it blocks (through {@code io.kemu.testkit}) while
 * the actors run on their dispatchers' threads; under {@code deterministic} the driver thread is the
 * one thread that runs them, each wait running the system until its answer is there, in virtual time.
 */
package io.kemu.cli.simulation;
