/**
 * The HAMMER2 cluster as actors: one {@link io.kemu.actors.cluster.ChainNodeActor} per node (the
 * kernel's per-node chain threads, xN), a {@link io.kemu.actors.cluster.ClusterCoordinator} that runs
 * client reads and writes one at a time (the kernel holds the cluster lock across an operation) as
 * per-request children ({@code ClusterOperation}: scatter, gather with a timeout, decide with the
 * kernel's resolution; {@code ResyncOperation}: bring a stale node back, the synchronization thread's
 * job), and a seeded fault-injecting driver ({@link io.kemu.actors.cluster.ClusterSimulation}).
 * Decisions are the pure planners of {@code io.kemu.hammer2.replica}.
 *
 * <p>Names: {@link io.kemu.actors.cluster.SimulationReport} (the outcome of a cluster simulation) is
 * independent of {@code io.kemu.testkit.simulation.SimulationReport} (the outcome of {@code kemu simulate},
 * the journal simulation).
 *
 * <p>Nodes in other JVMs: the same actors. Node messages implement {@link io.kemu.actors.cluster.NodeMessage}
 * (Jackson CBOR); a node persists every change through a {@link io.kemu.actors.cluster.NodeDisk}
 * before it answers; {@code NodeHosting} decides whether nodes are children or processes found
 * through the Receptionist ({@code NodeFinder}) and started by a {@link io.kemu.actors.cluster.NodeLauncher};
 * {@link io.kemu.actors.cluster.ProcessSimulation} is the guardian of {@code kemu cluster --processes}.
 * The disk store and process plumbing are in {@code io.kemu.actors.cluster.remote}.
 *
 * <p>Threading: actors; node stores are handed from one node incarnation to the next only after the
 * previous one stopped. Plain helpers ({@code NodeTable}, {@code WorkTurns}, {@code FaultPlan},
 * {@code SimulationLedger}) run inside their actor.
 */
package io.kemu.actors.cluster;
