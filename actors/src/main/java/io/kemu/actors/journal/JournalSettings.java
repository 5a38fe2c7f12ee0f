package io.kemu.actors.journal;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code kemu.journal} settings: the writer's heartbeat (the kernel's 1 s {@code tsleep} on the
 * FIFO), the largest chunk the writer holds outside the ring, and how often a stop that waits for
 * the writer warns.
 */
public record JournalSettings(Duration heartbeat, int maxChunkBytes, Duration stopWarningInterval) {
    public static JournalSettings fromConfig(Config root) {
        final Config c = root.getConfig("kemu.journal");
        final long chunk = c.getBytes("max-chunk");
        if (chunk < 16 || chunk > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("kemu.journal.max-chunk must be between 16 bytes and 2 GiB, got " + chunk);
        }
        return new JournalSettings(c.getDuration("heartbeat"), (int) chunk, c.getDuration("stop-warning-interval"));
    }
}
