package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.kemu.journal.wire.AckRecordDescriptor;
import io.kemu.streams.server.JournalTargetServer.TargetSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The target's ack flow (one ack per new highest transid, none before a record) and the server's stop, kill and drop. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalTargetFlowTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    @TempDir
    static Path shared;
    private static RecordedJournal journal;

    @BeforeAll
    static void record() throws IOException {
        journal = RecordedJournal.record(13, 150, shared);
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static long lastTransid() {
        return journal.records().get(journal.records().size() - 1).transid();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 20 s").isNegative();
            Thread.sleep(10);
        }
    }

    /** A consumer that only notes its calls. */
    private static final class Calls implements JournalStore.StreamConsumer {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public long resumeAfterTransid() {
            return Long.MAX_VALUE;
        }

        @Override
        public void start(Path file, long fromOffset, long durableLength) {
            calls.add("start");
        }

        @Override
        public void durable(long durableLength) {
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void shouldAckEachNewHighestTransidOnceAndNothingBeforeTheFirstRecord(@TempDir Path tmp) throws Exception {
        final TargetSettings tiny = new TargetSettings(16, Duration.ofMillis(5), 1 << 20, 4 << 20, 4,
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(2));
        final byte[] stream = journal.stream();
        final List<ByteString> chunks = new ArrayList<>();
        for (int at = 0; at < stream.length; at += 16) {
            chunks.add(ByteString.fromArray(stream, at, Math.min(16, stream.length - at)));
        }
        final ExecutorService io = Executors.newSingleThreadExecutor();
        final List<Long> acks;
        try (JournalStore store = JournalStore.open(tmp.resolve("j"), null)) {
            acks = Source.from(chunks)
                    .via(JournalTargetServer.connectionFlow(store, io, "tiny", tiny))
                    .map(ack -> AckRecordDescriptor.transid(ack.toArray(), 0))
                    .runWith(Sink.seq(), testKit.system())
                    .toCompletableFuture().get(40, TimeUnit.SECONDS);
        } finally {
            io.shutdown();
        }
        assertThat(acks).isNotEmpty().doesNotHaveDuplicates().isSorted().doesNotContain(Long.MIN_VALUE);
        assertThat(acks.get(acks.size() - 1)).isEqualTo(lastTransid());
    }

    @Test
    void shouldCloseTheStoreOnStopButNotOnKill(@TempDir Path tmp) throws Exception {
        final Calls stopped = new Calls();
        final JournalStore store = JournalStore.open(tmp.resolve("a"), stopped);
        final JournalTargetServer server = JournalTargetServer.start(testKit.system(), "127.0.0.1", 0, store,
                TargetSettings.DEFAULT).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(server.store()).isSameAs(store);
        final InetSocketAddress at = server.localAddress();
        assertThat(at.getPort()).isPositive();
        server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(stopped.calls).containsExactly("start", "close");
        assertThatThrownBy(() -> new Socket(at.getAddress(), at.getPort()).close()).isInstanceOf(ConnectException.class);

        final Calls killed = new Calls();
        final JournalTargetServer victim = JournalTargetServer.start(testKit.system(), "127.0.0.1", 0,
                JournalStore.open(tmp.resolve("b"), killed), TargetSettings.DEFAULT).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        victim.kill().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(killed.calls).containsExactly("start");
    }

    @Test
    void shouldDropAnOpenConnectionAndCountIt(@TempDir Path tmp) throws Exception {
        final JournalStore store = JournalStore.open(tmp.resolve("j"), null);
        final JournalTargetServer server = JournalTargetServer.start(testKit.system(), "127.0.0.1", 0, store,
                TargetSettings.DEFAULT).toCompletableFuture().get(10, TimeUnit.SECONDS);
        final InetSocketAddress at = server.localAddress();
        try (Socket socket = new Socket(at.getAddress(), at.getPort())) {
            socket.getOutputStream().write(journal.stream());
            socket.getOutputStream().flush();
            socket.setSoTimeout(20_000);
            final byte[] ack = new byte[AckRecordDescriptor.LENGTH];
            long acked = Long.MIN_VALUE;
            while (acked != lastTransid()) {
                int got = 0;
                while (got < ack.length) {
                    final int n = socket.getInputStream().read(ack, got, ack.length - got);
                    assertThat(n).as("acks until the last record").isPositive();
                    got += n;
                }
                acked = AckRecordDescriptor.transid(ack, 0);
            }
            assertThat(server.connectionsAccepted()).isEqualTo(1);
            assertThat(server.connectionsRefused()).isZero();
            assertThat(server.dropConnections()).isEqualTo(1);
            int end;
            try {
                end = socket.getInputStream().read();
            } catch (IOException reset) {
                end = -1;
            }
            assertThat(end).as("cut by the target").isEqualTo(-1);
            await(() -> server.connectionsRefused() == 1);
            await(() -> server.dropConnections() == 0);
        } finally {
            server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
