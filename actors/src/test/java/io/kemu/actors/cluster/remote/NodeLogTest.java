package io.kemu.actors.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.replica.ChainImage;
import io.kemu.hammer2.replica.ChainWrite;
import io.kemu.hammer2.replica.NodeStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node store log: what is persisted comes back; a torn or damaged last record (cut at every
 * byte offset, every byte flipped) is dropped and never misread; damage further back drops
 * everything from there on; checkpoints compact the log and replay to the same store.
 */
class NodeLogTest {
    private static final long NO_CHECKPOINT = Long.MAX_VALUE;
    private static final long SEED = 12L;

    @TempDir
    Path dir;

    /** A seeded list of changes: puts (64 or 128 bytes), removes and root updates. */
    private static List<List<ChainWrite>> changes(long seed, int count) {
        Random random = new Random(seed);
        List<List<ChainWrite>> out = new ArrayList<>();
        for (int tid = 2; tid < count + 2; tid++) {
            List<ChainWrite> change = new ArrayList<>();
            long key = random.nextInt(16);
            if (random.nextInt(5) == 0) {
                change.add(new ChainWrite.Remove(key));
            } else {
                byte[] data = new byte[random.nextBoolean() ? 64 : 128];
                random.nextBytes(data);
                change.add(new ChainWrite.Put(new ChainImage(new Blockref(BrefType.DATA, key, 0, tid, 0, 0),
                        data.length, data)));
            }
            NodeStore scratch = new NodeStore(0);
            ChainImage root = scratch.dump().get(0);
            change.add(new ChainWrite.PutRoot(new ChainImage(root.bref().withModifyTid(tid), root.bytes(), root.data())));
            out.add(change);
        }
        return out;
    }

    /** The store after installing the first {@code n} changes on a fresh in-memory store. */
    private static List<ChainImage> expected(List<List<ChainWrite>> changes, int n) {
        NodeStore store = new NodeStore(0);
        changes.subList(0, n).forEach(store::install);
        return store.dump();
    }

    /** Persists {@code changes} the way a node does (install, then persist); returns record start offsets. */
    private List<Long> persist(List<List<ChainWrite>> changes, long checkpointBytes) throws IOException {
        List<Long> starts = new ArrayList<>();
        try (NodeLog log = NodeLog.open(dir, 0, checkpointBytes)) {
            for (List<ChainWrite> change : changes) {
                starts.add(Files.size(dir.resolve(NodeLog.LOG_FILE)));
                log.store().install(change);
                log.persist(change);
            }
        }
        return starts;
    }

    private List<ChainImage> reopen() throws IOException {
        try (NodeLog log = NodeLog.open(dir, 0, NO_CHECKPOINT)) {
            return log.store().dump();
        }
    }

    @Test
    void shouldReplayEveryPersistedChange() throws IOException {
        List<List<ChainWrite>> changes = changes(SEED, 200);
        persist(changes, NO_CHECKPOINT);

        try (NodeLog log = NodeLog.open(dir, 0, NO_CHECKPOINT)) {
            assertThat(log.store().dump()).as("seed %d", SEED).isEqualTo(expected(changes, changes.size()));
            assertThat(log.recovery().changes()).isEqualTo(200);
            assertThat(log.recovery().bytesDropped()).isZero();
        }
    }

    @Test
    void shouldDropTheLastRecordCutAtAnyByteOffset() throws IOException {
        List<List<ChainWrite>> changes = changes(SEED, 6);
        List<Long> starts = persist(changes, NO_CHECKPOINT);
        Path file = dir.resolve(NodeLog.LOG_FILE);
        byte[] whole = Files.readAllBytes(file);
        long lastStart = starts.get(starts.size() - 1);
        List<ChainImage> before = expected(changes, changes.size() - 1);

        for (long cut = lastStart; cut < whole.length; cut++) {
            Files.write(file, java.util.Arrays.copyOf(whole, (int) cut));
            assertThat(reopen()).as("cut at %d of %d", cut, whole.length).isEqualTo(before);
            assertThat(Files.size(file)).as("truncated to the last whole record").isEqualTo(lastStart);
        }
    }

    @Test
    void shouldNeverMisreadAFlippedByteOfTheLastRecord() throws IOException {
        List<List<ChainWrite>> changes = changes(SEED, 6);
        List<Long> starts = persist(changes, NO_CHECKPOINT);
        Path file = dir.resolve(NodeLog.LOG_FILE);
        byte[] whole = Files.readAllBytes(file);
        long lastStart = starts.get(starts.size() - 1);
        List<ChainImage> before = expected(changes, changes.size() - 1);

        for (int at = (int) lastStart; at < whole.length; at++) {
            byte[] damaged = whole.clone();
            damaged[at] ^= (byte) 0xA5;
            Files.write(file, damaged);
            assertThat(reopen()).as("byte %d flipped", at).isEqualTo(before);
        }
    }

    @Test
    void shouldDropEverythingFromADamagedEarlierRecordOn() throws IOException {
        List<List<ChainWrite>> changes = changes(SEED, 10);
        List<Long> starts = persist(changes, NO_CHECKPOINT);
        Path file = dir.resolve(NodeLog.LOG_FILE);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(starts.get(4) + 20);
            int b = raf.read();
            raf.seek(starts.get(4) + 20);
            raf.write(b ^ 0x01);
        }

        try (NodeLog log = NodeLog.open(dir, 0, NO_CHECKPOINT)) {
            assertThat(log.store().dump()).isEqualTo(expected(changes, 4));
            assertThat(log.recovery().dropReason()).contains("checksum mismatch");
        }
    }

    @Test
    void shouldCheckpointAndReplayToTheSameStore() throws IOException {
        List<List<ChainWrite>> changes = changes(SEED, 300);
        persist(changes, 4096);

        assertThat(Files.size(dir.resolve(NodeLog.LOG_FILE))).isLessThanOrEqualTo(4096 + 4096);
        try (NodeLog log = NodeLog.open(dir, 0, NO_CHECKPOINT)) {
            assertThat(log.store().dump()).isEqualTo(expected(changes, changes.size()));
            assertThat(log.recovery().checkpoints()).isEqualTo(1);
        }
    }

    @Test
    void shouldIgnoreACheckpointLeftUnfinishedByACrash() throws IOException {
        List<List<ChainWrite>> changes = changes(SEED, 20);
        persist(changes, NO_CHECKPOINT);
        Files.write(dir.resolve(NodeLog.CHECKPOINT_FILE), new byte[] {1, 2, 3});

        assertThat(reopen()).isEqualTo(expected(changes, changes.size()));
        assertThat(dir.resolve(NodeLog.CHECKPOINT_FILE)).doesNotExist();
    }
}
