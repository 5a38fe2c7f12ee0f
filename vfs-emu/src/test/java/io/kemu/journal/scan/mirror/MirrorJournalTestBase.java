package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.testing.StreamWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fixture the mirror-and-undo tests share: a journal written one transaction at a time
 * ({@link StreamWriter}), the file it is saved to, and an empty mirror root beside it, in one
 * temporary directory (the mirror's state goes to the default {@code .mirror.kemu-state}).
 */
abstract class MirrorJournalTestBase {
    @TempDir
    Path dir;
    Path root;
    Path stream;
    StreamWriter journal;

    @BeforeEach
    void createJournalAndRoot() throws Exception {
        root = Files.createDirectory(dir.resolve("mirror"));
        stream = dir.resolve("journal.stream");
        journal = new StreamWriter(100);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Appends one-record transactions; returns the transid of the last one. */
    long append(byte[]... transactions) {
        long t = 0;
        for (byte[] tx : transactions) {
            t = journal.single(tx);
        }
        return t;
    }

    /** Saves the journal so far and mirrors it into the root. */
    MirrorReport applyJournal() throws Exception {
        Files.write(stream, journal.toBytes());
        return Mirror.apply(stream, root, MirrorOptions.DEFAULT);
    }

    /** The root's {@code .kemu/nodes}, or "" without one. */
    String manifest() throws Exception {
        Path f = root.resolve(".kemu/nodes");
        return Files.exists(f) ? Files.readString(f) : "";
    }
}
