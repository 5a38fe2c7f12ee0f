package io.kemu.actors.cluster;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code kemu.cluster} settings of reference.conf: the scatter/gather timeout, the resync
 * retry interval and the bound of the coordinator's request queue.
 */
public record ClusterSettings(Duration gatherTimeout, Duration resyncInterval, int maxQueuedOperations) {

    public ClusterSettings {
        if (gatherTimeout.isNegative() || gatherTimeout.isZero()) {
            throw new IllegalArgumentException("kemu.cluster.gather-timeout must be positive: " + gatherTimeout);
        }
        if (resyncInterval.isNegative() || resyncInterval.isZero()) {
            throw new IllegalArgumentException("kemu.cluster.resync-interval must be positive: " + resyncInterval);
        }
        if (maxQueuedOperations < 1) {
            throw new IllegalArgumentException("kemu.cluster.max-queued-operations must be at least 1");
        }
    }

    /** Reads {@code kemu.cluster} from a loaded configuration (reference.conf supplies defaults). */
    public static ClusterSettings from(Config config) {
        Config c = config.getConfig("kemu.cluster");
        return new ClusterSettings(c.getDuration("gather-timeout"), c.getDuration("resync-interval"),
                c.getInt("max-queued-operations"));
    }
}
