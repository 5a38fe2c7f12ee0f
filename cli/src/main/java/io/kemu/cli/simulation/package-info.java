/**
 * {@code kemu simulate}: simulated CPUs on emulated mounts, journals streaming to in-process mirroring
 * targets, faults (dropped connections, slow targets), then verification (mirror equals the emulated
 * tree, transids strictly increase) and a report.
 *
 * <p>Names: {@link io.kemu.cli.simulation.SimulationReport} (the journal simulation's outcome) is
 * independent of {@code io.kemu.actors.cluster.SimulationReport} (the cluster simulation's).
 *
 * <p>Threading: the driver thread blocks on asks (through {@code io.kemu.testkit}); the workload runs in
 * actors.
 */
package io.kemu.cli.simulation;
