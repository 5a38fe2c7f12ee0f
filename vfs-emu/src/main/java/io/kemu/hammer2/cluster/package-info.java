/**
 * HAMMER2 clusters ({@code hammer2_cluster.c}): the chains of one element across a PFS's nodes,
 * locked and resolved ({@code hammer2_cluster_resolve()}, as a pure function, quirks included),
 * scanned, looked up and modified ({@code hammer2_cluster_modify()} and friends), with the cluster
 * and item flags the kernel computes. See {@code docs/CLUSTER.md}.
 *
 * <p>Names: {@link io.kemu.hammer2.cluster.Transaction} (a PFS and a HAMMER2 transaction id) is
 * independent of {@code io.kemu.journal.scan.Transaction} (a decoded journal transaction).
 *
 * <p>Threading: pure functions and single-owner values; no shared state.
 */
package io.kemu.hammer2.cluster;
