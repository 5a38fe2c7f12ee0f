package io.kemu.actors.cluster;

/**
 * Starts and kills chain nodes that run outside the coordinator's JVM ({@code kemu node}
 * processes). The coordinator calls it for {@link CoordinatorProtocol.CrashNode} and
 * {@link CoordinatorProtocol.RestartNode}; a started node shows up later, when it registers with
 * the Receptionist. Both calls return at once (the work happens elsewhere, in order) and are
 * idempotent: starting a running node or killing a dead one does nothing.
 */
public interface NodeLauncher {
    /**
     * For a coordinator whose nodes someone else starts and kills (the driver of a process cluster,
     * when the coordinator is a Cluster Singleton in another JVM): both calls do nothing, the nodes
     * are only found through the Receptionist.
     */
    NodeLauncher NONE = new NodeLauncher() {
        @Override
        public void start(int node) {
        }

        @Override
        public void kill(int node) {
        }
    };

    /** Starts node {@code node} on its store, unless it runs. */
    void start(int node);

    /** Kills node {@code node} abruptly (SIGKILL), if it runs. */
    void kill(int node);
}
