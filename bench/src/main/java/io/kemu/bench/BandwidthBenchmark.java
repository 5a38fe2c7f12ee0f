package io.kemu.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.OverflowStrategy;
import akka.stream.QueueOfferResult;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.stream.javadsl.SourceQueueWithComplete;
import akka.stream.javadsl.Tcp;
import akka.util.ByteString;
import io.kemu.streams.JournalTargets;
import io.kemu.streams.server.JournalStore;
import io.kemu.streams.server.JournalTargetServer;
import io.kemu.testkit.WorkDirectories;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountctlFlags;
import io.kemu.vfs.workload.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bandwidth of 1 MiB writes, journaled and plain, in the same run. One operation is one 1 MiB
 * write, so the score in ops/s is also MiB/s of payload.
 *
 * <ul>
 *   <li>{@code journalTcp}: a {@code MountActor} runs the writes on a mount whose full-duplex
 *       journal ({@code ringMiB}, default 4 MiB) streams over loopback TCP to a {@code JournalTargetServer} that stores
 *       every record in a {@code JournalStore} (append, fsync, then ack; no mirror). The ring is full
 *       in steady state, so a write is only accepted as fast as acks free space.
 *   <li>{@code plainSocket}: the same bytes written to a {@code SocketChannel} on 127.0.0.1; a
 *       second thread reads and discards them.
 *   <li>{@code akkaTcp}: the same bytes through an Akka Streams TCP connection on 127.0.0.1 into a
 *       server that discards them: the transport {@code journalTcp} runs on, with no journal.
 *   <li>{@code journalFile}: the same writes, half duplex, journaled to a file target.
 *   <li>{@code plainFile}: the same bytes appended with {@code FileChannel.write}.
 *   <li>{@code plainFileForce}: the same bytes appended with {@code FileChannel.write}, then {@code
 *       force(false)} after each 1 MiB: what this disk allows a target that fsyncs before it acks,
 *       with no socket, no copy and no journal at all (the ceiling of {@code journalTcp}).
 * </ul>
 * Files are truncated between iterations so the disk does not fill; neither file side fsyncs (the
 * TCP target does, before each ack). {@code -p workDir=/dev/shm} runs the file sides and the target
 * on a tmpfs, which takes the disk's fsync out of the comparison. Figures of merit: journalTcp / plainSocket and journalFile /
 * plainFile (target: at least 0.5 each); journalTcp / plainFileForce shows how close the TCP path
 * gets to the disk's fsync throughput, which bounds it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BandwidthBenchmark {
    static final int IN_FLIGHT = 4;

    /**
     * A mount journaling 1 MiB writes to some target: the temporary directory, the harness, the
     * prepared batches, a journal file truncated after every iteration (so the disk does not fill)
     * and the teardown. Subclasses install the journal and stop whatever target they started.
     */
    @State(Scope.Benchmark)
    public abstract static class JournalState {
        /** The journal's FIFO in MiB (try {@code -p ringMiB=32} to see the ring's effect). */
        @Param({"4"})
        int ringMiB;

        /**
         * Where the files go: empty for the system's temporary directory; {@code -p workDir=/dev/shm}
         * puts them on a tmpfs, where fsync costs next to nothing, to see the path without the disk.
         */
        @Param({""})
        String workDir;

        Path dir;
        MountHarness harness;
        List<List<Step>> batches;

        /** Installs the journal on {@code harness}, its stream ending up in {@code journalFile()}. */
        abstract void installJournal() throws IOException;

        /** Stops the target started by {@link #installJournal()}, after the journal drained. */
        void stopTarget() {
        }

        Path journalFile() {
            return dir.resolve("journal.bin");
        }

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = tempDirectory(workDir, "kemu-bench-");
            batches = BigWrites.batches(IN_FLIGHT, BigWrites.payload());
            harness = MountHarness.start("bench-" + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
            try {
                installJournal();
                harness.prepare(BigWrites.setup());
            } catch (RuntimeException | IOException e) {
                harness.close();
                throw e;
            }
        }

        @TearDown(Level.Iteration)
        public void truncate() throws IOException {
            BandwidthBenchmark.truncate(journalFile());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            harness.unmount();
            stopTarget();
            harness.close();
            WorkDirectories.delete(dir);
        }
    }

    /** The full-duplex journal over loopback TCP to a storing target server. */
    public static class TcpJournal extends JournalState {
        JournalTargetServer server;

        @Override
        void installJournal() throws IOException {
            final JournalStore store = JournalStore.open(journalFile(), null);
            server = MountHarness.await(JournalTargetServer.start(harness.system(), "127.0.0.1", 0, store,
                    JournalTargetServer.TargetSettings.DEFAULT));
            harness.install(new InstallRequest(JournalId.of("bench-tcp"), MountctlFlags.WANT_FULLDUPLEX,
                    (long) ringMiB << 20, 0), JournalTargets.tcp(server.localAddress()));
        }

        @Override
        void stopTarget() {
            MountHarness.await(server.stop());
        }
    }

    /**
     * The transport the journal's TCP target and the target server are built on, alone: Akka Streams
     * TCP on 127.0.0.1 (the same {@code Tcp} extension and settings as {@code JournalTargets.tcp} and
     * {@code JournalTargetServer}), a client stream fed through a backpressured queue and a server
     * that discards what it reads and sends nothing back. What the journal could reach with a target
     * that did nothing at all; {@code journalTcp / akkaTcp} is the journal's own cost.
     */
    @State(Scope.Benchmark)
    public static class AkkaTcp {
        ActorSystem<Void> system;
        Tcp.ServerBinding binding;
        SourceQueueWithComplete<ByteString> queue;
        ByteString payload;

        @Setup(Level.Trial)
        public void setUp() {
            system = ActorSystem.create(Behaviors.empty(), "bench-akka-tcp");
            binding = MountHarness.await(Tcp.get(system).bind("127.0.0.1", 0)
                    .to(Sink.foreach(connection -> connection.handleWith(
                            Flow.fromSinkAndSourceCoupled(Sink.ignore(), Source.<ByteString>maybe()), system)))
                    .run(system));
            payload = ByteString.fromArrayUnsafe(BigWrites.payload());
            queue = Source.<ByteString>queue(IN_FLIGHT, OverflowStrategy.backpressure())
                    .via(Tcp.get(system).outgoingConnection("127.0.0.1", binding.localAddress().getPort()))
                    .to(Sink.ignore())
                    .run(system);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            queue.complete();
            MountHarness.await(queue.watchCompletion());
            MountHarness.await(binding.unbind());
            system.terminate();
            MountHarness.await(system.getWhenTerminated());
        }
    }

    /** A plain loopback connection: this thread writes, a reader thread discards. */
    @State(Scope.Benchmark)
    public static class PlainSocket {
        ServerSocketChannel listener;
        SocketChannel writer;
        SocketChannel reader;
        Thread discarder;
        ByteBuffer payload;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            payload = ByteBuffer.wrap(BigWrites.payload());
            listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            writer = SocketChannel.open(listener.getLocalAddress());
            reader = listener.accept();
            discarder = new Thread(() -> discardAll(reader), "plain-socket-reader");
            discarder.setDaemon(true);
            discarder.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException, InterruptedException {
            writer.close();
            discarder.join(TimeUnit.SECONDS.toMillis(10));
            reader.close();
            listener.close();
        }
    }

    /** The half-duplex journal to a file target. */
    public static class FileJournal extends JournalState {
        @Override
        void installJournal() {
            harness.install(new InstallRequest(JournalId.of("bench-file"), 0, (long) ringMiB << 20, 0),
                    JournalTargets.file(journalFile()));
        }
    }

    /** A plain append-only file channel. */
    @State(Scope.Benchmark)
    public static class PlainFile {
        /** As {@link JournalState#workDir}. */
        @Param({""})
        String workDir;

        Path dir;
        FileChannel channel;
        ByteBuffer payload;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = tempDirectory(workDir, "kemu-bench-plain-");
            payload = ByteBuffer.wrap(BigWrites.payload());
            channel = FileChannel.open(dir.resolve("plain.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }

        @TearDown(Level.Iteration)
        public void truncate() throws IOException {
            channel.truncate(0);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            channel.close();
            WorkDirectories.delete(dir);
        }
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public int journalTcp(TcpJournal state) {
        return state.harness.executeAll(state.batches);
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void plainSocket(PlainSocket state) throws IOException {
        for (int i = 0; i < IN_FLIGHT; i++) {
            final ByteBuffer bytes = state.payload.clear();
            while (bytes.hasRemaining()) {
                state.writer.write(bytes);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void plainFileForce(PlainFile state) throws IOException {
        for (int i = 0; i < IN_FLIGHT; i++) {
            final ByteBuffer bytes = state.payload.clear();
            while (bytes.hasRemaining()) {
                state.channel.write(bytes);
            }
            state.channel.force(false);
        }
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void akkaTcp(AkkaTcp state) {
        for (int i = 0; i < IN_FLIGHT; i++) {
            if (MountHarness.await(state.queue.offer(state.payload)) != QueueOfferResult.enqueued()) {
                throw new IllegalStateException("the Akka TCP stream refused a write");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public int journalFile(FileJournal state) {
        return state.harness.executeAll(state.batches);
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void plainFile(PlainFile state) throws IOException {
        for (int i = 0; i < IN_FLIGHT; i++) {
            final ByteBuffer bytes = state.payload.clear();
            while (bytes.hasRemaining()) {
                state.channel.write(bytes);
            }
        }
    }

    private static void discardAll(SocketChannel channel) {
        final ByteBuffer sink = ByteBuffer.allocateDirect(256 << 10);
        try {
            while (channel.read(sink.clear()) >= 0) {
                // discard: only the copy out of the socket is wanted
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new directory under {@code parent}, or under the system's temporary directory when it is empty. */
    static Path tempDirectory(String parent, String prefix) throws IOException {
        return parent.isEmpty() ? Files.createTempDirectory(prefix) : Files.createTempDirectory(Path.of(parent), prefix);
    }

    static void truncate(Path file) throws IOException {
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
        }
    }
}
