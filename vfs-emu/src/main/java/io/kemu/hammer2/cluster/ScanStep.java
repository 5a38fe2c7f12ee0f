package io.kemu.hammer2.cluster;

/**
 * The result of one cluster lookup or iteration step: the new cluster, or null when every slot
 * came back empty (the kernel drops the cluster and returns NULL); the state the cluster had just
 * after resolving, before any drop; and the key to continue the scan from ({@code *key_nextp}).
 */
public record ScanStep(Cluster cluster, ClusterState state, long keyNext) {

    public boolean found() {
        return cluster != null;
    }
}
