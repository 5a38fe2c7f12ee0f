package io.kemu.streams.server;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.mirror.Mirror;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.scan.mirror.MirrorReport;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Feeds the records a {@link JournalStore} keeps into the scanner's {@link Mirror}, so a target
 * mirrors as it receives. The store has already removed replayed records; the mirror's own restart
 * watermark would skip them anyway.
 */
public final class MirrorConsumer implements JournalStore.StreamConsumer {
    private final Mirror mirror;
    private MirrorReport report;

    private MirrorConsumer(Mirror mirror) {
        this.mirror = mirror;
    }

    public static MirrorConsumer open(Path root, MirrorOptions options) throws IOException {
        try {
            return new MirrorConsumer(Mirror.open(root, options));
        } catch (JournalScanException e) {
            throw new IOException("cannot mirror into " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void accept(byte[] bytes, int offset, int length) throws IOException {
        try {
            mirror.feed(bytes, offset, length);
        } catch (JournalScanException e) {
            throw new IOException("mirror: " + e.getMessage(), e);
        }
    }

    /** What the mirror has done so far (final after {@link #close()}). */
    public MirrorReport report() {
        return report != null ? report : mirror.report();
    }

    @Override
    public void close() throws IOException {
        try {
            report = mirror.finish();
            mirror.close();
        } catch (JournalScanException e) {
            throw new IOException("mirror: " + e.getMessage(), e);
        }
    }
}
