package io.kemu.actors.cluster;

/**
 * A node's state as the {@link ClusterCoordinator} sees it: UP (answers and is trusted), DOWN
 * (stopped; the coordinator watches it) or STALE (alive but may have missed writes; not asked and
 * counted as errored until resynchronised).
 */
public enum NodeState { UP, DOWN, STALE }
