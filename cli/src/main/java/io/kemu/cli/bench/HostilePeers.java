package io.kemu.cli.bench;

import akka.actor.typed.ActorSystem;
import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.RecordDecoder;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.wire.AckRecordDescriptor;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.streams.server.JournalStore;
import io.kemu.streams.server.JournalTargetServer;
import io.kemu.streams.server.MirrorConsumer;
import io.kemu.testkit.WorkDirectories;
import io.kemu.vfs.workload.TreeDiff;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live half of {@code kemu bench hostile}: one in-process journal target (store, live mirror,
 * TCP server on 127.0.0.1) and one well-behaved sender that replays a recorded journal from its last
 * ack, session after session, as a restarted kernel journal does. Between its sessions, a hostile
 * peer does one thing: a poison transid, garbage, an oversized record, a slow sender, many
 * connections, a stranger's prefix then a disconnect, or a kill and restart of the target.
 *
 * <p>After every session, each transid any peer saw acknowledged must be in the journal file with the
 * journal's own bytes. When the sender's whole journal is acknowledged, the target is stopped and the
 * stored file must equal the journal and the live mirror the journal's tree; then a new round begins
 * on fresh files.
 */
public final class HostilePeers implements AutoCloseable {
    /** Short limits, so slow and idle peers are cut within the run. */
    static final JournalTargetServer.TargetSettings SETTINGS = JournalTargetServer.TargetSettings.DEFAULT
            .withLimits(1 << 20, 4 << 20, 8, Duration.ofMillis(500), Duration.ofMillis(500));
    private static final int SOCKET_TIMEOUT_MS = 3000;

    /** One raw record of the sender's journal. */
    private record Rec(long offset, int size, long transid, boolean pad) {}

    private final ActorSystem<?> system;
    private final byte[] journal;
    private final Path tree;
    private final List<Rec> records;
    private final Path work;
    private int round;
    private Path file;
    private Path mirrorDir;
    private JournalTargetServer server;
    private MirrorConsumer mirror;
    private long senderAcked = Long.MIN_VALUE;
    private final AtomicLong highestAckSeen = new AtomicLong(Long.MIN_VALUE);
    private final List<String> failures = new ArrayList<>();
    private long ackedButUnstored;
    private long restarts;
    private long sessions;
    private long rounds;
    /** Connections refused or cut by targets already stopped. */
    private long refusedEarlier;

    public HostilePeers(ActorSystem<?> system, byte[] journal, Path tree, Path work) throws IOException {
        this.system = system;
        this.journal = journal;
        this.tree = tree;
        this.records = recordsOf(journal);
        this.work = work;
        startRound();
    }

    private static List<Rec> recordsOf(byte[] stream) throws IOException {
        final List<Rec> out = new ArrayList<>();
        RecordDecoder.decodeAll(new ByteArrayInputStream(stream), new RecordDecoder.Listener() {
            @Override
            public void onRecord(RawRecord r) {
                out.add(new Rec(r.offset(), r.alignedSize(), r.transid(), r.isPad()));
            }

            @Override
            public void onProblem(ScanProblem problem) {
                // a stored file cut by a kill ends inside a record: what came before counts
            }
        });
        return out;
    }

    private void startRound() throws IOException {
        round++;
        file = work.resolve("target-" + round + ".bin");
        mirrorDir = Files.createDirectories(work.resolve("target-mirror-" + round));
        senderAcked = Long.MIN_VALUE;
        highestAckSeen.set(Long.MIN_VALUE);
        startTarget();
    }

    private void startTarget() throws IOException {
        if (server != null) {
            refusedEarlier += server.connectionsRefused();
        }
        mirror = MirrorConsumer.open(mirrorDir, MirrorOptions.FAITHFUL);
        final JournalStore store = JournalStore.open(file, mirror);
        try {
            server = JournalTargetServer.start(system, "127.0.0.1", 0, store, SETTINGS).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            store.close();
            throw new IOException("cannot start the target: " + e, e);
        }
    }

    /** One case: a hostile action of kind {@code kind % 7}, then one session of the real sender. */
    public void runCase(Random random, int kind) throws Exception {
        switch (kind % 7) {
            case 0 -> poison(random);
            case 1 -> garbage(random);
            case 2 -> oversized(random);
            case 3 -> slowSender(random);
            case 4 -> manyConnections(random);
            case 5 -> prefixThenDisconnect(random);
            default -> restart(random);
        }
        senderSession(random);
        checkAcked();
        if (senderAcked == lastTransid()) {
            finishRound();
            startRound();
        }
    }

    private long lastTransid() {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (!records.get(i).pad()) {
                return records.get(i).transid();
            }
        }
        return Long.MIN_VALUE;
    }

    private Socket connect() throws IOException {
        final InetSocketAddress at = server.localAddress();
        final Socket socket = new Socket(at.getAddress(), at.getPort());
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        return socket;
    }

    /**
     * How one connection ended: the highest transid acknowledged on it ({@link Long#MIN_VALUE} for
     * none) and, when that fell short, what cut it short, with the local port (the target logs it).
     */
    private record Exchange(long acked, String end) {}

    /** Sends {@code bytes} and reads acks until the target closes or {@code waitForAck} is acknowledged. */
    private Exchange exchange(byte[] bytes, long waitForAck) throws IOException {
        long acked = Long.MIN_VALUE;
        final long started = System.nanoTime();
        final Socket socket;
        try {
            socket = connect();
        } catch (IOException refused) {
            return new Exchange(acked, "connect failed (" + refused.getMessage() + ")");
        }
        final String from = " (port " + socket.getLocalPort() + ", ";
        try (socket) {
            final OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException cut) {
                return new Exchange(acked, "cut while sending" + from + elapsed(started) + ")");
            }
            final InputStream in = socket.getInputStream();
            final byte[] ack = new byte[AckRecordDescriptor.LENGTH];
            try {
                while (acked < waitForAck) {
                    if (in.readNBytes(ack, 0, ack.length) != ack.length) {
                        return new Exchange(acked, "closed by the target" + from + elapsed(started) + ")");
                    }
                    acked = Math.max(acked, AckRecordDescriptor.transid(ack, 0));
                    final long seen = acked;
                    highestAckSeen.accumulateAndGet(seen, Math::max);
                }
            } catch (java.net.SocketTimeoutException silent) {
                return new Exchange(acked, "no answer for " + SOCKET_TIMEOUT_MS + " ms" + from + elapsed(started) + ")");
            } catch (IOException reset) {
                return new Exchange(acked, "reset by the target" + from + elapsed(started) + ")");
            }
        }
        return new Exchange(acked, "acknowledged");
    }

    private static String elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms";
    }

    private void poison(Random random) throws IOException {
        final byte[] record = AckRecordDescriptor.encode(random.nextBoolean() ? Long.MAX_VALUE : random.nextLong());
        RawRecordHeaderDescriptor.streamId(record, 0, 0xC100 + random.nextInt(0x1E00));
        exchange(record, Long.MAX_VALUE);
    }

    private void garbage(Random random) throws IOException {
        final byte[] noise = new byte[1 + random.nextInt(64 * 1024)];
        random.nextBytes(noise);
        exchange(noise, Long.MAX_VALUE);
    }

    private void oversized(Random random) throws IOException {
        final byte[] header = new byte[4096];
        RawRecordHeaderDescriptor.begmagic(header, 0, 0x1234);
        RawRecordHeaderDescriptor.streamId(header, 0, 0x8100);
        RawRecordHeaderDescriptor.recsize(header, 0, (2 << 20) + random.nextInt(RawRecordHeaderDescriptor.MAX_RECSIZE - (2 << 20)));
        exchange(header, Long.MAX_VALUE);
    }

    private void slowSender(Random random) throws IOException, InterruptedException {
        final byte[] first = Arrays.copyOfRange(journal, 0, records.get(0).size());
        try (Socket socket = connect()) {
            final OutputStream out = socket.getOutputStream();
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            for (int i = 0; i < first.length - 1 && System.nanoTime() < deadline; i++) {
                try {
                    out.write(first[i]);
                    out.flush();
                } catch (IOException cut) {
                    return;
                }
                Thread.sleep(20 + random.nextInt(60));
            }
        }
    }

    private void manyConnections(Random random) throws IOException, InterruptedException {
        final List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 8 + random.nextInt(16); i++) {
                try {
                    sockets.add(connect());
                } catch (IOException refused) {
                    break;
                }
            }
            Thread.sleep(100);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private void prefixThenDisconnect(Random random) throws IOException {
        final int to = 1 + random.nextInt(records.size());
        final long end = to == records.size() ? journal.length : records.get(to).offset();
        try (Socket socket = connect()) {
            final OutputStream out = socket.getOutputStream();
            // up to seven 16-byte steps short of a record boundary, never before the stream's start
            out.write(journal, 0, (int) Math.max(0, end - random.nextInt(8) * 16L));
            out.flush();
        } catch (IOException cut) {
            // refused or cut: fine
        }
    }

    /** A kill -9 of the target (sometimes in the middle of a record write), then a start on the same files. */
    private void restart(Random random) throws Exception {
        server.kill().toCompletableFuture().get(10, TimeUnit.SECONDS);
        mirror.abandon();
        if (random.nextBoolean()) {
            final byte[] tail = Arrays.copyOfRange(journal, 0, 1 + random.nextInt(records.get(0).size() - 1));
            Files.write(file, tail, StandardOpenOption.APPEND);
        }
        restarts++;
        startTarget();
    }

    /** The well-behaved journal: resends from its oldest unacknowledged record, a random amount further. */
    private void senderSession(Random random) throws IOException, InterruptedException {
        int from = 0;
        while (from < records.size() && (records.get(from).pad() || records.get(from).transid() <= senderAcked)) {
            from++;
        }
        if (from == records.size()) {
            return;
        }
        from = Math.max(0, from - random.nextInt(3));
        final int to = Math.min(records.size(), from + 1 + random.nextInt(150));
        final long start = records.get(from).offset();
        final long end = to == records.size() ? journal.length : records.get(to).offset();
        long want = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            if (!records.get(i).pad()) {
                want = records.get(i).transid();
            }
        }
        final Map<String, Integer> ends = new java.util.TreeMap<>();
        String last = "";
        for (int attempt = 0; attempt < 20; attempt++) {
            sessions++;
            final Exchange e = exchange(Arrays.copyOfRange(journal, (int) start, (int) end), want);
            senderAcked = Math.max(senderAcked, e.acked());
            if (e.acked() >= want) {
                return;
            }
            ends.merge(e.end().replaceAll(" \\(port.*", ""), 1, Integer::sum);
            last = e.end();
            Thread.sleep(50);
        }
        failures.add("round " + round + ": the sender's session from transid " + Long.toHexString(records.get(from).transid())
                + " got no ack for " + Long.toHexString(want) + " in 20 attempts: " + ends + "; last " + last);
    }

    /** Every transid acknowledged to anyone must be in the file, with the journal's bytes. */
    private void checkAcked() throws IOException {
        final long acked = highestAckSeen.get();
        if (acked == Long.MIN_VALUE) {
            return;
        }
        final byte[] stored = Files.readAllBytes(file);
        final Map<Long, Rec> held = new HashMap<>();
        for (Rec r : recordsOf(stored)) {
            if (!r.pad()) {
                held.put(r.transid(), r);
            }
        }
        for (Rec r : records) {
            if (r.pad() || r.transid() > acked) {
                continue;
            }
            final Rec h = held.get(r.transid());
            if (h == null || h.size() != r.size() || !Arrays.equals(stored, (int) h.offset(), (int) (h.offset() + h.size()),
                    journal, (int) r.offset(), (int) (r.offset() + r.size()))) {
                ackedButUnstored++;
                if (failures.size() < 20) {
                    failures.add("round " + round + ": transid " + Long.toHexString(r.transid()) + " acknowledged, not stored");
                }
            }
        }
        if (acked > lastTransid()) {
            ackedButUnstored++;
            failures.add("round " + round + ": transid " + Long.toHexString(acked) + " acknowledged, never sent by the journal");
        }
    }

    private void finishRound() throws Exception {
        server.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        rounds++;
        final String difference = difference(Files.readAllBytes(file));
        if (difference != null) {
            failures.add("round " + round + ": the stored journal differs from the sent one: " + difference);
        }
        final List<String> diff = TreeDiff.compare(tree, mirrorDir, Set.of(), 3);
        if (!diff.isEmpty() || !mirror.report().problems().isEmpty()) {
            failures.add("round " + round + ": the live mirror differs from the tree: " + diff + " " + mirror.report().problems());
        }
        Files.delete(file);
        WorkDirectories.delete(mirrorDir);
        WorkDirectories.delete(mirrorDir.resolveSibling("." + mirrorDir.getFileName() + ".kemu-state"));
    }

    /**
     * Where {@code stored} differs from the journal, or null: the same records, byte for byte, in the
     * same order, except pads, which a journal's writer skips when one heads a write.
     */
    private String difference(byte[] stored) throws IOException {
        final List<Rec> mine = recordsOf(stored).stream().filter(r -> !r.pad()).toList();
        final List<Rec> sent = records.stream().filter(r -> !r.pad()).toList();
        long end = 0;
        for (Rec r : recordsOf(stored)) {
            end = Math.max(end, r.offset() + r.size());
        }
        if (end != stored.length) {
            return "bytes after the last whole record at " + end;
        }
        for (int i = 0; i < Math.max(mine.size(), sent.size()); i++) {
            if (i >= mine.size() || i >= sent.size()) {
                return "stored " + mine.size() + " records, sent " + sent.size();
            }
            final Rec a = mine.get(i);
            final Rec b = sent.get(i);
            if (a.size() != b.size() || !Arrays.equals(stored, (int) a.offset(), (int) (a.offset() + a.size()),
                    journal, (int) b.offset(), (int) (b.offset() + b.size()))) {
                return "record " + i + " (transid " + Long.toHexString(b.transid()) + ") differs";
            }
        }
        return null;
    }

    public List<String> failures() {
        return failures;
    }

    public long ackedButUnstored() {
        return ackedButUnstored;
    }

    public long restarts() {
        return restarts;
    }

    public long sessions() {
        return sessions;
    }

    /** Rounds in which the whole journal was acknowledged and checked against the tree. */
    public long rounds() {
        return rounds;
    }

    public long connectionsRefused() {
        return refusedEarlier + server.connectionsRefused();
    }

    @Override
    public void close() throws Exception {
        server.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
