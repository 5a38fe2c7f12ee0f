package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.kemu.journal.wire.AckRecordDescriptor;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JournalTargetServerTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    @TempDir
    static Path shared;
    private static RecordedJournal journal;

    @BeforeAll
    static void record() throws IOException {
        journal = RecordedJournal.record(11, 2000, shared);
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static List<ByteString> chunks(byte[] stream, int size) {
        final List<ByteString> chunks = new ArrayList<>();
        for (int at = 0; at < stream.length; at += size) {
            chunks.add(ByteString.fromArray(stream, at, Math.min(size, stream.length - at)));
        }
        return chunks;
    }

    /** The end offset, in the stored stream, of the record whose transid is {@code transid}. */
    private static long endOf(long transid) {
        return journal.records().stream().filter(r -> !r.pad() && r.transid() == transid)
                .findFirst().orElseThrow().end();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldSendNoAckBeforeAnFsyncCoversIt(@TempDir Path tmp) throws Exception {
        final ForceRecordingChannel[] channel = new ForceRecordingChannel[1];
        final ExecutorService io = Executors.newSingleThreadExecutor();
        final List<String> early = Collections.synchronizedList(new ArrayList<>());
        final List<Long> acks = Collections.synchronizedList(new ArrayList<>());
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null,
                c -> channel[0] = new ForceRecordingChannel(c))) {
            Source.from(chunks(journal.stream(), 1000))
                    .via(JournalTargetServer.connectionFlow(store, io, "probe", JournalTargetServer.TargetSettings.DEFAULT))
                    .runWith(Sink.foreach(ack -> {
                        final long transid = AckRecordDescriptor.transid(ack.toArray(), 0);
                        final long forced = channel[0].forcedLength();
                        acks.add(transid);
                        if (endOf(transid) > forced) {
                            early.add(Long.toHexString(transid) + " ends at " + endOf(transid) + ", forced " + forced);
                        }
                    }), testKit.system())
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            io.shutdown();
        }
        assertThat(early).as("acks sent before an fsync covered them").isEmpty();
        assertThat(acks).isNotEmpty().isSorted();
        assertThat(acks.get(acks.size() - 1)).isEqualTo(journal.records().get(journal.records().size() - 1).transid());
        assertThat(channel[0].forces()).as("group commit: fewer fsyncs than acks or equal").isLessThanOrEqualTo(acks.size() + 2L);
    }

    private static JournalTargetServer start(JournalStore store, JournalTargetServer.TargetSettings settings) throws Exception {
        return JournalTargetServer.start(testKit.system(), "127.0.0.1", 0, store, settings)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** True once the server closed {@code socket} (read sees EOF or a reset) within {@code wait}. */
    private static boolean closedBy(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        final InputStream in = socket.getInputStream();
        try {
            while (in.read(new byte[64]) >= 0) {
                // acks: keep reading until the end
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRefuseConnectionsBeyondTheLimitAndASecondSession(@TempDir Path tmp) throws Exception {
        final JournalTargetServer.TargetSettings settings = JournalTargetServer.TargetSettings.DEFAULT
                .withLimits(1 << 20, 4 << 20, 2, Duration.ofMinutes(1), Duration.ofMinutes(1));
        final JournalStore store = JournalStore.open(tmp.resolve("j"), null);
        final JournalTargetServer server = start(store, settings);
        final InetSocketAddress at = server.localAddress();
        try (Socket first = new Socket(at.getAddress(), at.getPort())) {
            first.getOutputStream().write(journal.slice(0, 10));
            first.getOutputStream().flush();
            Thread.sleep(300);
            try (Socket second = new Socket(at.getAddress(), at.getPort())) {
                second.getOutputStream().write(journal.slice(0, 10));
                second.getOutputStream().flush();
                assertThat(closedBy(second, Duration.ofSeconds(10))).as("a second session is refused").isTrue();
            }
            assertThat(closedBy(first, Duration.ofMillis(300))).as("the first session stays").isFalse();
        }
        final List<Socket> many = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                many.add(new Socket(at.getAddress(), at.getPort()));
            }
            Thread.sleep(500);
            assertThat(server.connectionsRefused()).isGreaterThanOrEqualTo(3);
        } finally {
            for (Socket s : many) {
                s.close();
            }
            server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCutIdleAndSlowSenders(@TempDir Path tmp) throws Exception {
        final JournalTargetServer.TargetSettings settings = JournalTargetServer.TargetSettings.DEFAULT
                .withLimits(1 << 20, 4 << 20, 4, Duration.ofMillis(700), Duration.ofMillis(700));
        final JournalStore store = JournalStore.open(tmp.resolve("j"), null);
        final JournalTargetServer server = start(store, settings);
        final InetSocketAddress at = server.localAddress();
        try (Socket idle = new Socket(at.getAddress(), at.getPort())) {
            assertThat(closedBy(idle, Duration.ofSeconds(10))).as("an idle connection is cut").isTrue();
        }
        try (Socket slow = new Socket(at.getAddress(), at.getPort())) {
            final byte[] first = journal.slice(0, 1);
            final OutputStream out = slow.getOutputStream();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean cut = false;
            for (int i = 0; i < first.length - 1 && System.nanoTime() < deadline && !cut; i++) {
                try {
                    out.write(first[i]);
                    out.flush();
                } catch (IOException e) {
                    cut = true;
                }
                Thread.sleep(200);
            }
            assertThat(cut || closedBy(slow, Duration.ofSeconds(2))).as("a slow sender is cut").isTrue();
        } finally {
            server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertThat(Files.size(tmp.resolve("j"))).isZero();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldHoldNoMoreThanTheBufferBudgetForDeclaredRecords(@TempDir Path tmp) throws Exception {
        final JournalTargetServer.TargetSettings settings = JournalTargetServer.TargetSettings.DEFAULT
                .withLimits(1 << 20, 1 << 20, 4, Duration.ofMinutes(1), Duration.ofMinutes(1));
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            final byte[] big = new byte[4096];
            RawRecordHeaderDescriptor.begmagic(big, 0, 0x1234);
            RawRecordHeaderDescriptor.streamId(big, 0, 0x8100);
            RawRecordHeaderDescriptor.recsize(big, 0, 900 << 10);
            try (JournalStore.Connection a = store.connection("a", settings)) {
                a.receive(List.of(java.nio.ByteBuffer.wrap(big)));
                assertThat(store.bufferedBytes()).isEqualTo(900 << 10);
            }
            assertThat(store.bufferedBytes()).isZero();
        }
    }

    /**
     * A peer whose first bytes wait for the session in progress, and that is cut (idle) or hangs up
     * before that session ends, must not be handed the session when it frees: the next journal is
     * served. (The session used to be acquired for the peer already gone, and held until restart.)
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldNotKeepASessionForAPeerThatLeftWhileWaitingForIt(@TempDir Path tmp) throws Exception {
        final JournalTargetServer.TargetSettings settings = JournalTargetServer.TargetSettings.DEFAULT
                .withLimits(1 << 20, 4 << 20, 8, Duration.ofMillis(800), Duration.ofMinutes(1));
        final JournalStore store = JournalStore.open(tmp.resolve("j"), null);
        final JournalTargetServer server = start(store, settings);
        final InetSocketAddress at = server.localAddress();
        final byte[] first = journal.slice(0, 1);
        try {
            try (Socket holder = new Socket(at.getAddress(), at.getPort());
                 Socket idler = new Socket(at.getAddress(), at.getPort());
                 Socket leaver = new Socket(at.getAddress(), at.getPort())) {
                final OutputStream out = holder.getOutputStream();
                out.write(first, 0, 16);
                out.flush();
                Thread.sleep(200);
                idler.getOutputStream().write(first, 0, 16);
                idler.getOutputStream().flush();
                leaver.getOutputStream().write(first, 0, 16);
                leaver.getOutputStream().flush();
                Thread.sleep(100);
                leaver.close();
                for (int i = 16; i < 24; i++) {
                    Thread.sleep(200);
                    out.write(first[i]);
                    out.flush();
                }
                assertThat(closedBy(idler, Duration.ofSeconds(5))).as("the waiting idle peer is cut").isTrue();
            }
            Thread.sleep(300);
            final byte[] prefix = journal.slice(0, 20);
            final long want = journal.records().stream().limit(20).filter(r -> !r.pad())
                    .mapToLong(RecordedJournal.Record::transid).max().orElseThrow();
            long acked = Long.MIN_VALUE;
            try (Socket next = new Socket(at.getAddress(), at.getPort())) {
                next.setSoTimeout(10_000);
                next.getOutputStream().write(prefix);
                next.getOutputStream().flush();
                final byte[] ack = new byte[AckRecordDescriptor.LENGTH];
                final InputStream in = next.getInputStream();
                while (acked < want && in.readNBytes(ack, 0, ack.length) == ack.length) {
                    acked = AckRecordDescriptor.transid(ack, 0);
                }
            } catch (IOException cut) {
                // asserted below
            }
            assertThat(acked).as("the journal after peers that left while waiting is acknowledged").isEqualTo(want);
        } finally {
            server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
