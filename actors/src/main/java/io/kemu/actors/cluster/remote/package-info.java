/**
 * Chain nodes in their own JVMs: a node's store on disk ({@link io.kemu.actors.cluster.remote.NodeLog},
 * an append-only log of CRC-32C-checked records with checkpoints, layout in
 * {@code NodeLogDescriptor}), the Akka Cluster plumbing that lets the coordinator find nodes
 * through the Receptionist ({@link io.kemu.actors.cluster.remote.NodeKeys},
 * {@link io.kemu.actors.cluster.remote.RemoteNode}, {@link io.kemu.actors.cluster.remote.NodeFinder})
 * and the launcher of node JVMs ({@link io.kemu.actors.cluster.remote.NodeProcesses}).
 *
 * <p>The kernel rules stay in {@code vfs-emu} ({@code NodeStore}): this package only keeps the
 * store's changes on disk and moves the node protocol between JVMs. In-process and multi-JVM
 * clusters run the same {@code ChainNodeActor} and {@code ClusterCoordinator}.
 *
 * <p>Threading: {@code NodeLog} is owned by one node actor, which runs on a blocking-I/O
 * dispatcher because every change is forced to the device before the node answers.
 * {@code NodeProcesses} is thread-safe (the driver, a JVM shutdown hook and the coordinator call it).
 */
package io.kemu.actors.cluster.remote;
