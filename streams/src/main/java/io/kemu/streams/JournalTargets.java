package io.kemu.streams;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.stream.IOResult;
import akka.stream.ThrottleMode;
import akka.stream.javadsl.FileIO;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Source;
import akka.stream.javadsl.Tcp;
import akka.util.ByteString;
import io.kemu.actors.journal.JournalTarget;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Factories for the places a journal can stream to: a file, a TCP connection (half duplex: whatever
 * comes back is ignored) and a full-duplex TCP connection whose return direction carries acks. Every
 * one backpressures: a file sink and a TCP connection only pull when they have written the last chunk.
 */
public final class JournalTargets {
    private JournalTargets() {
    }

    /**
     * Appends the stream to {@code path} (created if missing); sends nothing back. The flow ends only
     * once the file has been written and closed (or failed), so a journal that has stopped has its
     * last byte in the file.
     */
    public static JournalTarget file(Path path) {
        return new JournalTarget() {
            @Override
            public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
                return Flow.fromSinkAndSourceMat(
                        FileIO.toPath(path, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND)),
                        Source.<ByteString>maybe(),
                        (CompletionStage<IOResult> written, CompletableFuture<Optional<ByteString>> end) -> {
                            written.whenComplete((result, failure) -> {
                                if (failure != null) {
                                    end.completeExceptionally(failure);
                                } else {
                                    end.complete(Optional.empty());
                                }
                            });
                            return written;
                        });
            }

            @Override
            public String description() {
                return "file " + path;
            }
        };
    }

    /**
     * A TCP connection to {@code address}, opened anew on every {@code connect}. Used by a
     * full-duplex journal, the bytes coming back are the target's acks; by a half-duplex journal they
     * are ignored.
     */
    public static JournalTarget tcp(InetSocketAddress address) {
        return new JournalTarget() {
            @Override
            public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
                return Tcp.get(system).outgoingConnection(address.getHostString(), address.getPort());
            }

            @Override
            public String description() {
                return "tcp " + address.getHostString() + ":" + address.getPort();
            }
        };
    }

    /**
     * Any sink as a half-duplex target (for embedding: a Kafka producer, an S3 upload, a test probe).
     * The sink's own backpressure paces the journal.
     */
    public static JournalTarget sink(Sink<ByteString, ?> sink, String description) {
        return new JournalTarget() {
            @Override
            public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
                return Flow.fromSinkAndSourceCoupled(sink, Source.<ByteString>maybe());
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    /**
     * Any flow as a target: bytes in, ack records out (for a full-duplex journal). An in-process
     * {@code JournalTargetServer} connection flow makes a full-duplex journal without sockets.
     */
    public static JournalTarget flow(Flow<ByteString, ByteString, ?> flow, String description) {
        return new JournalTarget() {
            @Override
            public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
                return flow;
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    /**
     * {@code target}, but accepting at most {@code bytesPerSecond} (shaped, with a burst of one
     * second): a slow disk or link, for backpressure experiments.
     */
    public static JournalTarget throttled(JournalTarget target, long bytesPerSecond) {
        if (bytesPerSecond <= 0 || bytesPerSecond > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("throttle rate must be 1 .. " + Integer.MAX_VALUE + " bytes/s, got " + bytesPerSecond);
        }
        return new JournalTarget() {
            @Override
            public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
                final Flow<ByteString, ByteString, NotUsed> shaper = Flow.<ByteString>create()
                        .throttle((int) bytesPerSecond, Duration.ofSeconds(1), (int) bytesPerSecond,
                                ByteString::size, ThrottleMode.shaping());
                return shaper.via(target.connect(system));
            }

            @Override
            public String description() {
                return target.description() + " at " + bytesPerSecond + " B/s";
            }
        };
    }
}
