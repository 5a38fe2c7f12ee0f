package io.kemu.actors.cluster;

/**
 * Starts and kills chain nodes that run outside the coordinator's JVM ({@code kemu node}
 * processes). The coordinator calls it for {@link ClusterCoordinator.CrashNode} and
 * {@link ClusterCoordinator.RestartNode}; a started node shows up later, when it registers with
 * the Receptionist. Both calls return at once (the work happens elsewhere, in order) and are
 * idempotent: starting a running node or killing a dead one does nothing.
 */
public interface NodeLauncher {
    /** Starts node {@code node} on its store, unless it runs. */
    void start(int node);

    /** Kills node {@code node} abruptly (SIGKILL), if it runs. */
    void kill(int node);
}
