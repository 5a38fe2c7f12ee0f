package io.kemu.actors.journal;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code kemu.journal} and {@code kemu.mount} settings: the writer's heartbeat (the kernel's 1 s
 * {@code tsleep} on the FIFO), the largest chunk the writer holds outside the ring, how often a stop
 * that waits for the writer warns, and how many VOP batches a mount lets wait for journal space
 * before it holds further requests back (and how many it holds before refusing).
 */
public record JournalSettings(Duration heartbeat, int maxChunkBytes, Duration stopWarningInterval,
        int mountMaxBatchesInFlight, int mountStashCapacity) {
    public static JournalSettings fromConfig(Config root) {
        final Config c = root.getConfig("kemu.journal");
        final long chunk = c.getBytes("max-chunk");
        if (chunk < 16 || chunk > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("kemu.journal.max-chunk must be between 16 bytes and 2 GiB, got " + chunk);
        }
        final Config mount = root.getConfig("kemu.mount");
        final int inFlight = mount.getInt("max-batches-in-flight");
        final int stash = mount.getInt("stash-capacity");
        if (inFlight < 1 || stash < 1) {
            throw new IllegalArgumentException("kemu.mount.max-batches-in-flight and stash-capacity must be positive");
        }
        return new JournalSettings(c.getDuration("heartbeat"), (int) chunk, c.getDuration("stop-warning-interval"),
                inFlight, stash);
    }
}
