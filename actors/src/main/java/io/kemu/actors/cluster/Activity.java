package io.kemu.actors.cluster;

/** What the cluster is running at the moment (part of {@link ClusterStatus}). */
public enum Activity { IDLE, OPERATION, RESYNC }
