package io.kemu.streams.server;

import akka.Done;
import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.stream.KillSwitches;
import akka.stream.Materializer;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Tcp;
import akka.util.ByteString;
import io.kemu.journal.wire.AckRecordDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A journal target over TCP ({@code kemu target}): what DragonFly's jscan does on the far end of a
 * journal, plus acknowledgements. Each connection's bytes are decoded into records, new ones appended
 * to the {@link JournalStore} (and its mirror), fsynced, and only then acknowledged with one 32-byte
 * ack record naming the highest transid received, once per batch. Replayed records (a restarted
 * journal) are acknowledged but not stored again. A malformed stream is logged and that connection
 * cut; the others go on.
 *
 * <p>All file work for all connections runs on one dedicated I/O thread, which also confines the
 * store. Memory per connection: one batch (at most {@code maxBatchBytes}) plus the decoder's partial
 * record.
 */
public final class JournalTargetServer {
    private static final Logger log = LoggerFactory.getLogger(JournalTargetServer.class);

    private final Tcp.ServerBinding binding;
    private final ExecutorService io;
    private final JournalStore store;
    private final Set<UniqueKillSwitch> connections;
    private final AtomicLong connectionsAccepted;

    private JournalTargetServer(Tcp.ServerBinding binding, ExecutorService io, JournalStore store,
            Set<UniqueKillSwitch> connections, AtomicLong accepted) {
        this.binding = binding;
        this.io = io;
        this.store = store;
        this.connections = connections;
        this.connectionsAccepted = accepted;
    }

    /** Binds {@code host:port} (port 0 picks a free one) and serves until {@link #stop()}. */
    public static CompletionStage<JournalTargetServer> start(ActorSystem<?> system, String host, int port,
            JournalStore store, TargetSettings settings) {
        final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "kemu-target-io");
            t.setDaemon(true);
            return t;
        });
        final Set<UniqueKillSwitch> live = ConcurrentHashMap.newKeySet();
        final AtomicLong accepted = new AtomicLong();
        final Materializer mat = Materializer.matFromSystem(system);
        return Tcp.get(system).bind(host, port)
                .to(Sink.foreach(connection -> {
                    accepted.incrementAndGet();
                    final String peer = connection.remoteAddress().toString();
                    final Pair<UniqueKillSwitch, CompletionStage<Done>> handle = Flow.<ByteString>create()
                            .viaMat(KillSwitches.single(), Keep.right())
                            .via(connectionFlow(store, io, peer, settings))
                            .watchTermination(Keep.both())
                            .join(connection.flow())
                            .run(mat);
                    live.add(handle.first());
                    handle.second().whenComplete((done, failure) -> {
                        live.remove(handle.first());
                        if (failure != null) {
                            log.error("target: connection from {} cut: {}", peer, failure.getMessage());
                        } else {
                            log.info("target: connection from {} closed", peer);
                        }
                    });
                }))
                .run(mat)
                .thenApply(binding -> new JournalTargetServer(binding, io, store, live, accepted));
    }

    /**
     * The per-connection protocol as a flow: journal bytes in, ack records out. Usable in process
     * (a full-duplex journal target without a socket) as well as behind TCP. Store work runs on
     * {@code io}, which must be single-threaded and shared by every flow of the same store.
     */
    public static Flow<ByteString, ByteString, NotUsed> connectionFlow(JournalStore store, ExecutorService io,
            String peer, TargetSettings settings) {
        return Flow.fromMaterializer((mat, attributes) -> {
            final JournalStore.Connection connection = store.connection(peer);
            return Flow.<ByteString>create()
                    .groupedWeightedWithin(settings.maxBatchBytes(), chunk -> (long) chunk.size(), settings.ackInterval())
                    .mapAsync(1, chunks -> CompletableFuture.supplyAsync(() -> receive(connection, chunks), io))
                    .statefulMapConcat(() -> {
                        final long[] lastAcked = {Long.MIN_VALUE};
                        return highest -> {
                            if (highest <= lastAcked[0]) {
                                return List.<ByteString>of();
                            }
                            lastAcked[0] = highest;
                            return List.of(ByteString.fromArray(AckRecordDescriptor.encode(highest)));
                        };
                    });
        }).mapMaterializedValue(ignored -> NotUsed.getInstance());
    }

    private static long receive(JournalStore.Connection connection, List<ByteString> chunks) {
        final List<ByteBuffer> buffers = new ArrayList<>();
        for (ByteString chunk : chunks) {
            chunk.getByteBuffers().forEach(buffers::add);
        }
        try {
            return connection.receive(buffers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress localAddress() {
        return binding.localAddress();
    }

    public JournalStore store() {
        return store;
    }

    /** Connections accepted since start. */
    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** Aborts every open connection (the journals see their target fail); keeps listening. */
    public int dropConnections() {
        int dropped = 0;
        for (UniqueKillSwitch kill : connections) {
            kill.abort(new IOException("connection dropped by the target"));
            dropped++;
        }
        return dropped;
    }

    /** Stops listening, cuts open connections, and closes the store once its I/O has finished. */
    public CompletionStage<Done> stop() {
        return binding.unbind().thenCompose(unbound -> {
            dropConnections();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    store.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return Done.getInstance();
            }, io);
        }).whenComplete((done, failure) -> io.shutdown());
    }

    /** How much a connection batches before it writes, fsyncs and acks: at most this many bytes or this long. */
    public record TargetSettings(long maxBatchBytes, Duration ackInterval) {
        public static final TargetSettings DEFAULT = new TargetSettings(1 << 20, Duration.ofMillis(5));
    }
}
