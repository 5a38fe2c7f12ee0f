/**
 * The replicated store behind the cluster actors: what the kernel spreads over its per-node chain
 * threads (xN) and its synchronization thread, as pure planners. A node's disk is a
 * {@link io.kemu.hammer2.replica.NodeStore}; {@link io.kemu.hammer2.replica.QuorumPlanner} decides a
 * read or write from the nodes' answers with the kernel's own cluster functions (quorum on
 * {@code modify_tid}); {@link io.kemu.hammer2.replica.ResyncPlanner} computes what a stale node must
 * install.
 *
 * <p>Names: {@link io.kemu.hammer2.replica.Mirror} (the coordinator's copy of the nodes' answers for
 * one operation) is independent of {@code io.kemu.journal.scan.mirror.Mirror} (a journal stream
 * applied to a directory).
 *
 * <p>Threading: planners are pure and deterministic; a node store is owned by one node actor at a time.
 */
package io.kemu.hammer2.replica;
