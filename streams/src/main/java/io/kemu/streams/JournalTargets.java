package io.kemu.streams;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.stream.IOResult;
import akka.stream.ThrottleMode;
import akka.stream.javadsl.FileIO;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Source;
import akka.stream.javadsl.Tcp;
import akka.util.ByteString;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.vfs.Errno;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

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
        return new FileTarget(path);
    }

    /** {@link #file}: remembers its path so that {@link #open} can try it before an install. */
    private record FileTarget(Path path) implements JournalTarget {
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
    }

    /**
     * A TCP connection to {@code address}, opened anew on every {@code connect}. Used by a
     * full-duplex journal, the bytes coming back are the target's acks; by a half-duplex journal they
     * are ignored.
     */
    public static JournalTarget tcp(InetSocketAddress address) {
        return new TcpTarget(address);
    }

    /** {@link #tcp}: remembers its address so that {@link #open} can resolve it before an install. */
    private record TcpTarget(InetSocketAddress address) implements JournalTarget {
        @Override
        public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
            return Tcp.get(system).outgoingConnection(address.getHostString(), address.getPort());
        }

        @Override
        public String description() {
            return "tcp " + address.getHostString() + ":" + address.getPort();
        }
    }

    /**
     * A half-duplex target that accepts every byte at once and keeps none: a journal whose stream
     * nobody needs (the VOPs and the ring still run as with any target).
     */
    public static JournalTarget discard() {
        return sink(Sink.ignore(), "discard");
    }

    /** {@link #tcp(InetSocketAddress)} to {@code host:port}, resolved when the journal connects. */
    public static JournalTarget tcp(String host, int port) {
        return tcp(InetSocketAddress.createUnresolved(host, port));
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
        return new Throttled(target, bytesPerSecond);
    }

    /** {@link #throttled}: {@link #open} opens the target behind the throttle. */
    private record Throttled(JournalTarget target, long bytesPerSecond) implements JournalTarget {
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
    }

    /**
     * Opens {@code target} once the way the kernel's mountctl caller does before
     * {@code MOUNTCTL_INSTALL_VFS_JOURNAL}, which receives an already open descriptor: a file target
     * is opened for appending (created when missing, never truncated) and closed again; a TCP target's
     * host name must resolve. Other targets have nothing to open and succeed. The stage fails with
     * a {@link TargetOpenException} naming the target and the reason. Blocking work runs on Akka's
     * blocking-IO dispatcher, never on the caller's thread.
     */
    public static CompletionStage<Void> open(JournalTarget target, ActorSystem<?> system) {
        if (target instanceof Throttled throttled) {
            return open(throttled.target(), system);
        }
        if (target instanceof FileTarget file) {
            final Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
            return CompletableFuture.runAsync(() -> openFile(file.path()), blocking);
        }
        if (target instanceof TcpTarget tcp && tcp.address().isUnresolved()) {
            final Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
            return CompletableFuture.runAsync(() -> resolve(tcp.address()), blocking);
        }
        return CompletableFuture.completedFuture(null);
    }

    private static void openFile(Path path) {
        if (Files.isDirectory(path)) {
            throw new TargetOpenException(Errno.EISDIR, "cannot open journal file " + path + ": it is a directory");
        }
        try {
            FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    .close();
        } catch (NoSuchFileException e) {
            throw new TargetOpenException(Errno.ENOENT, "cannot open journal file " + path + ": directory "
                    + path.toAbsolutePath().getParent() + " does not exist");
        } catch (AccessDeniedException e) {
            throw new TargetOpenException(Errno.EACCES, "cannot open journal file " + path + ": permission denied");
        } catch (IOException e) {
            throw new TargetOpenException(Errno.EIO, "cannot open journal file " + path + ": " + e.getMessage());
        }
    }

    private static void resolve(InetSocketAddress address) {
        final InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
        if (resolved.isUnresolved()) {
            throw new TargetOpenException(Errno.EINVAL, "cannot resolve journal target host "
                    + address.getHostString());
        }
    }

    /** A target {@link #open} could not open, with the errno the open would have given. */
    public static final class TargetOpenException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Errno errno;

        public TargetOpenException(Errno errno, String message) {
            super(message);
            this.errno = errno;
        }

        public Errno errno() {
            return errno;
        }
    }
}
