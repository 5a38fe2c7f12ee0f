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
import akka.stream.javadsl.Source;
import akka.stream.javadsl.Tcp;
import akka.util.ByteString;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kemu.journal.wire.AckRecordDescriptor;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
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
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A journal target over TCP ({@code kemu target}): what DragonFly's jscan does on the far end of a
 * journal, plus acknowledgements. Each connection is one journal session of the {@link JournalStore}
 * (one at a time; the store decides what is new, what is a replay and what it refuses). New records
 * are written, then acknowledged with one 32-byte ack record naming the highest transid received,
 * only once an fsync covers everything that transid stands for. A malformed or refused stream is
 * logged and that connection cut; the others go on.
 *
 * <h2>Pipeline of one connection</h2>
 * bytes are grouped into batches (at most {@code maxBatchBytes} or {@code ackInterval}) → decoded and
 * written on the dedicated I/O thread (one thread for the store) → wait for the group commit's fsync,
 * several batches at once, on the store's fsync thread → acks, in order. Decoding and writing the next
 * batch thus overlaps the fsync of the previous ones, and one fsync covers every batch written while
 * the previous one ran. The live mirror reads the file on its own thread ({@link MirrorConsumer}).
 *
 * <h2>Limits (hostile peers)</h2>
 * At most {@code maxConnections} open connections (more are closed at once); a connection silent for
 * {@code idleTimeout} is cut, and so is one whose record stays incomplete for {@code recordTimeout};
 * a record declaring more than {@code maxRecordBytes} is refused before it is buffered, and records in
 * progress may hold at most {@code maxBufferedBytes} across connections. Memory per connection: one
 * batch plus one record in progress.
 */
public final class JournalTargetServer {
    private static final Logger log = LoggerFactory.getLogger(JournalTargetServer.class);
    /** Batches waiting for their fsync at once, per connection. */
    private static final int MAX_BATCHES_AWAITING_FSYNC = 64;

    private final Tcp.ServerBinding binding;
    private final ExecutorService io;
    private final JournalStore store;
    private final Set<UniqueKillSwitch> connections;
    private final AtomicLong connectionsAccepted;
    private final AtomicLong connectionsRefused;

    private JournalTargetServer(Tcp.ServerBinding binding, ExecutorService io, JournalStore store,
            Set<UniqueKillSwitch> connections, AtomicLong accepted, AtomicLong refused) {
        this.binding = binding;
        this.io = io;
        this.store = store;
        this.connections = connections;
        this.connectionsAccepted = accepted;
        this.connectionsRefused = refused;
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
        final AtomicLong refused = new AtomicLong();
        final AtomicInteger open = new AtomicInteger();
        final Materializer mat = Materializer.matFromSystem(system);
        return Tcp.get(system).bind(host, port)
                .to(Sink.foreach(connection -> {
                    final String peer = connection.remoteAddress().toString();
                    if (open.incrementAndGet() > settings.maxConnections()) {
                        open.decrementAndGet();
                        refused.incrementAndGet();
                        log.warn("target: connection from {} refused: {} connections open (kemu.target.max-connections)",
                                peer, settings.maxConnections());
                        connection.handleWith(Flow.fromSinkAndSource(Sink.cancelled(), Source.empty()), mat);
                        return;
                    }
                    accepted.incrementAndGet();
                    final Pair<UniqueKillSwitch, CompletionStage<Done>> handle = Flow.<ByteString>create()
                            .viaMat(KillSwitches.single(), Keep.right())
                            .via(connectionFlow(store, io, peer, settings))
                            .watchTermination(Keep.both())
                            .join(connection.flow())
                            .run(mat);
                    live.add(handle.first());
                    handle.second().whenComplete((done, failure) -> {
                        live.remove(handle.first());
                        open.decrementAndGet();
                        if (failure != null) {
                            refused.incrementAndGet();
                            final Throwable cause = failure instanceof java.util.concurrent.CompletionException
                                    && failure.getCause() != null ? failure.getCause() : failure;
                            if (cause instanceof DroppedByTarget) {
                                log.info("target: connection from {} dropped on request", peer);
                            } else {
                                log.warn("target: connection from {} cut: {}", peer, cause.getMessage());
                            }
                        } else {
                            log.info("target: connection from {} closed", peer);
                        }
                    });
                }))
                .run(mat)
                .thenApply(binding -> new JournalTargetServer(binding, io, store, live, accepted, refused));
    }

    /**
     * The per-connection protocol as a flow: journal bytes in, ack records out. Usable in process
     * (a full-duplex journal target without a socket, {@link MemoryTarget}) as well as behind TCP. Store
     * work runs on {@code io}, which must be single-threaded and shared by every flow of the same store
     * (or run it at once on the stream's own thread, {@code Runnable::run}, as a simulated target does). The session
     * begins with the first bytes; while the store serves another one, it waits up to {@code
     * sessionWait} for it to end, then fails ({@link StreamRefusedException}).
     *
     * <p>A connection that ends while it waits (cut idle, hung up) gives the session up: the wait is
     * cancelled, and a session it obtained anyway is closed at once, so a peer already gone never
     * holds the store.
     */
    public static Flow<ByteString, ByteString, NotUsed> connectionFlow(JournalStore store, Executor io,
            String peer, TargetSettings settings) {
        final AtomicReference<CompletableFuture<JournalStore.Connection>> waiting = new AtomicReference<>();
        return Flow.<ByteString>create()
                .idleTimeout(settings.idleTimeout())
                .via(Flow.lazyCompletionStageFlow(() -> {
                    final CompletableFuture<JournalStore.Connection> session = store.connectionWhenFree(peer, settings);
                    waiting.set(session);
                    return session.thenApply(connection -> sessionFlow(store, io, connection, settings));
                }))
                .watchTermination((ignored, done) -> {
                    // where the stream ends, not on the common pool (where Akka's stage runs plain callbacks)
                    done.whenCompleteAsync((d, failure) -> {
                        final CompletableFuture<JournalStore.Connection> session = waiting.get();
                        if (session != null && !session.cancel(false)) {
                            session.thenAccept(JournalStore.Connection::close);
                        }
                    }, Runnable::run);
                    return NotUsed.getInstance();
                });
    }

    /** One session's pipeline (see the class comment); ends the session when the flow ends. */
    private static Flow<ByteString, ByteString, NotUsed> sessionFlow(JournalStore store, Executor io,
            JournalStore.Connection connection, TargetSettings settings) {
        return Flow.<ByteString>create()
                .groupedWeightedWithin(settings.maxBatchBytes(), chunk -> (long) chunk.size(), settings.ackInterval())
                .mapAsync(1, chunks -> CompletableFuture.supplyAsync(() -> receive(connection, chunks), io))
                .mapAsync(MAX_BATCHES_AWAITING_FSYNC, receipt -> store.durable(receipt.requiredLength())
                        .thenApply(durable -> receipt.transid()))
                .statefulMapConcat(() -> {
                    final long[] lastAcked = {Long.MIN_VALUE};
                    return highest -> {
                        if (highest <= lastAcked[0]) {
                            return List.<ByteString>of();
                        }
                        lastAcked[0] = highest;
                        return List.of(ByteString.fromArray(AckRecordDescriptor.encode(highest)));
                    };
                })
                .watchTermination((notUsed, done) -> {
                    // where the stream ends, not on the common pool (where Akka's stage runs plain callbacks)
                    done.whenCompleteAsync((d, failure) -> connection.close(), Runnable::run);
                    return notUsed;
                });
    }

    private static JournalStore.Receipt receive(JournalStore.Connection connection, List<ByteString> chunks) {
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

    /** Connections refused or cut since start (limits, a busy store, a refused or malformed stream). */
    public long connectionsRefused() {
        return connectionsRefused.get();
    }

    /** The cause a deliberate {@link #dropConnections} gives its connections: told apart in the log. */
    private static final class DroppedByTarget extends IOException {
        private static final long serialVersionUID = 1L;

        DroppedByTarget() {
            super("connection dropped by the target");
        }
    }

    /** Aborts every open connection (the journals see their target fail); keeps listening. */
    public int dropConnections() {
        int dropped = 0;
        for (UniqueKillSwitch kill : connections) {
            kill.abort(new DroppedByTarget());
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

    /**
     * Stops as {@code kill -9} would (for crash tests and {@code kemu bench hostile}): stops listening,
     * cuts every connection and abandons the store ({@link JournalStore#abandon()}) without a final
     * fsync; a mirror consumer must be abandoned by its owner. Start a new store and server on the
     * same files to "restart".
     */
    public CompletionStage<Done> kill() {
        return binding.unbind().thenCompose(unbound -> {
            dropConnections();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    store.abandon();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return Done.getInstance();
            }, io);
        }).whenComplete((done, failure) -> io.shutdown());
    }

    /**
     * How a connection batches, and the limits that keep hostile peers bounded ({@code kemu.target} in
     * reference.conf).
     *
     * @param maxBatchBytes bytes grouped into one write before it is decoded and stored
     * @param ackInterval the longest a batch waits to fill
     * @param maxRecordBytes the largest record a connection may declare; a larger one is refused before it is buffered
     * @param maxBufferedBytes bytes of records in progress all connections together may hold
     * @param maxConnections connections open at once; more are closed on arrival
     * @param idleTimeout a connection that sends nothing for this long is cut
     * @param recordTimeout a connection whose record stays incomplete this long is cut (a slow sender)
     * @param sessionWait how long a connection's first bytes wait for the store's session in progress to end
     */
    public record TargetSettings(long maxBatchBytes, Duration ackInterval, int maxRecordBytes, long maxBufferedBytes,
            int maxConnections, Duration idleTimeout, Duration recordTimeout, Duration sessionWait) {
        /** The defaults of reference.conf. */
        public static final TargetSettings DEFAULT = fromConfig(ConfigFactory.defaultReference());

        public TargetSettings {
            if (maxBatchBytes <= 0 || maxRecordBytes < RawRecordHeaderDescriptor.MIN_RECSIZE
                    || maxBufferedBytes < maxRecordBytes || maxConnections <= 0) {
                throw new IllegalArgumentException("kemu.target: need positive limits and max-buffered >= max-record-size");
            }
        }

        /** Reads {@code kemu.target} from {@code root}. */
        public static TargetSettings fromConfig(Config root) {
            final Config c = root.getConfig("kemu.target");
            return new TargetSettings(c.getBytes("max-batch").longValue(), c.getDuration("ack-interval"),
                    Math.toIntExact(Math.min(c.getBytes("max-record-size"), RawRecordHeaderDescriptor.MAX_RECSIZE)),
                    c.getBytes("max-buffered").longValue(), c.getInt("max-connections"),
                    c.getDuration("idle-timeout"), c.getDuration("record-timeout"), c.getDuration("session-wait"));
        }

        public TargetSettings withLimits(int maxRecordBytes, long maxBufferedBytes, int maxConnections,
                Duration idleTimeout, Duration recordTimeout) {
            return new TargetSettings(maxBatchBytes, ackInterval, maxRecordBytes, maxBufferedBytes, maxConnections,
                    idleTimeout, recordTimeout, sessionWait);
        }
    }
}
