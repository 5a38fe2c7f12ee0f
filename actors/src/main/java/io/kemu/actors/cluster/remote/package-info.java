/**
 * Chain nodes in their own JVMs. A node's store on disk ({@link io.kemu.actors.cluster.remote.NodeLog}:
 * an append-only log of CRC-32C-checked records with checkpoints, layout in {@code NodeLogDescriptor},
 * write encoding in {@code ChainWriteCodec}); the guardian of a {@code kemu node} JVM
 * ({@link io.kemu.actors.cluster.remote.RemoteNode}, registering the node with the Receptionist);
 * the Akka Cluster settings of every member ({@link io.kemu.actors.cluster.remote.ClusterMember});
 * the launcher of node JVMs ({@link io.kemu.actors.cluster.remote.NodeProcesses}), the layout of
 * their store directory ({@link io.kemu.actors.cluster.remote.NodeStores}) and a whole seeded run
 * over processes ({@link io.kemu.actors.cluster.remote.ProcessCluster}).
 *
 * <p>The kernel rules stay in {@code vfs-emu} ({@code NodeStore}): this package only keeps the
 * store's changes on disk and runs members. In-process and multi-JVM clusters run the same
 * {@code ChainNodeActor} and {@code ClusterCoordinator} (which finds remote nodes with
 * {@code NodeFinder}).
 *
 * <p>Threading: a {@code NodeLog} is owned by one node actor, which runs on the blocking-I/O
 * dispatcher because every change is forced to the device before the node answers.
 * {@code NodeProcesses} is thread-safe (the coordinator actor, the driver thread and a JVM
 * shutdown hook call it) and does its work on a thread of its own.
 */
package io.kemu.actors.cluster.remote;
