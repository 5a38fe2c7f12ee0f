package io.kemu.it;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.mount.MountProtocol;
import io.kemu.actors.testing.StalledTarget;
import io.kemu.actors.mount.MountActor;
import io.kemu.actors.mount.TargetRestarter;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.StreamId;
import io.kemu.streams.JournalTargets;
import io.kemu.streams.server.JournalStore;
import io.kemu.streams.server.JournalTargetServer;
import io.kemu.streams.server.MirrorConsumer;
import io.kemu.testkit.TestMounts;
import io.kemu.vfs.Mount;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountctlFlags;
import io.kemu.vfs.workload.TreeDiff;
import io.kemu.vfs.workload.TreeExporter;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JournalLifecycleTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "kemu.journal.heartbeat = 50ms").withFallback(ConfigFactory.load()));
    private static final JournalSettings SETTINGS = JournalSettings.fromConfig(testKit.system().settings().config());
    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static Mount newMount() {
        return TestMounts.mount(42, new Timespec(1_767_225_600L, 0), 1_000);
    }

    private static void runBatches(ActorRef<MountProtocol.Command> mount, int cpus, int batches) {
        final TestProbe<MountProtocol.Executed> probe = testKit.createTestProbe();
        for (int b = 0; b < batches; b++) {
            for (int cpu = 0; cpu < cpus; cpu++) {
                mount.tell(new MountProtocol.Generate(cpu, 10, probe.ref()));
            }
            for (int cpu = 0; cpu < cpus; cpu++) {
                assertThat(probe.receiveMessage(WAIT).refused()).isEmpty();
            }
        }
    }

    /** A TCP "target" on 127.0.0.1 that reads whatever comes and answers with 32 bytes of garbage. */
    private static ServerSocket garbageServer() throws Exception {
        final ServerSocket socket = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        final Thread thread = new Thread(() -> {
            try (Socket client = socket.accept()) {
                final InputStream in = client.getInputStream();
                final OutputStream out = client.getOutputStream();
                in.read(new byte[4096]);
                out.write(new byte[32]);
                out.flush();
                while (in.read(new byte[4096]) >= 0) {
                    Thread.onSpinWait();
                }
            } catch (Exception ignored) {
                // the journal cuts us off: expected
            }
        }, "garbage-target");
        thread.setDaemon(true);
        thread.start();
        return socket;
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aTargetSendingGarbageIsCutOffAndTheJournalRestartsOntoAGoodOneWithoutLoss(@TempDir Path tmp) throws Exception {
        try (ServerSocket bad = garbageServer()) {
            final Path mirror = Files.createDirectories(tmp.resolve("mirror"));
            final JournalStore store = JournalStore.open(tmp.resolve("journal.bin"),
                    MirrorConsumer.open(mirror, MirrorOptions.FAITHFUL));
            final JournalTargetServer good = JournalTargetServer.start(testKit.system(), "127.0.0.1", 0, store,
                    JournalTargetServer.TargetSettings.DEFAULT).toCompletableFuture().get(10, TimeUnit.SECONDS);
            final AtomicReference<ActorRef<MountProtocol.Command>> mountRef = new AtomicReference<>();
            final AtomicInteger restarts = new AtomicInteger();
            final ActorRef<JournalEvent> restarter = testKit.spawn(TargetRestarter.create(mountRef::get,
                    id -> JournalTargets.tcp(good.localAddress()), restarts));
            final ActorRef<MountProtocol.Command> mount = testKit.spawn(MountActor.create(newMount(), SETTINGS, restarter,
                    cpu -> new WorkloadGenerator(500 + cpu, true)));
            mountRef.set(mount);
            final TestProbe<MountProtocol.MountctlResult> ctl = testKit.createTestProbe();
            mount.tell(new MountProtocol.Install(new InstallRequest(JournalId.of("j"), MountctlFlags.WANT_FULLDUPLEX,
                    64 * 1024, 0), JournalTargets.tcp((InetSocketAddress) bad.getLocalSocketAddress()), ctl.ref()));
            assertThat(ctl.receiveMessage(WAIT).isOk()).isTrue();
            runBatches(mount, 4, 40);
            assertThat(restarts.get()).isEqualTo(1);
            final TestProbe<MountProtocol.Unmounted> unmounted = testKit.createTestProbe();
            mount.tell(new MountProtocol.Unmount(unmounted.ref()));
            final Mount finalMount = unmounted.receiveMessage(WAIT).mount();
            good.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            final Path expected = tmp.resolve("expected");
            TreeExporter.export(finalMount, expected);
            assertThat(TreeDiff.compare(expected, mirror, Set.of(), 10)).isEmpty();
            assertThat(store.recordsStored()).isPositive();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void removingAJournalUnderLoadDrainsItAndStops(@TempDir Path tmp) throws Exception {
        final Path file = tmp.resolve("journal.bin");
        final ActorRef<MountProtocol.Command> mount = testKit.spawn(MountActor.create(newMount(), SETTINGS,
                testKit.<JournalEvent>createTestProbe().ref(), cpu -> new WorkloadGenerator(900 + cpu, true)));
        final TestProbe<MountProtocol.MountctlResult> ctl = testKit.createTestProbe();
        mount.tell(new MountProtocol.Install(new InstallRequest(JournalId.of("j"), 0, 64 * 1024, 0),
                JournalTargets.file(file), ctl.ref()));
        assertThat(ctl.receiveMessage(WAIT).isOk()).isTrue();
        final TestProbe<MountProtocol.Executed> cpus = testKit.createTestProbe();
        for (int cpu = 0; cpu < 8; cpu++) {
            mount.tell(new MountProtocol.Generate(cpu, 200, cpus.ref()));
        }
        mount.tell(new MountProtocol.Remove(JournalId.of("j"), false, ctl.ref()));
        final MountProtocol.MountctlResult removed = ctl.receiveMessage(WAIT);
        assertThat(removed.detail()).contains("discarded 0 bytes and 0 transactions");
        cpus.receiveSeveralMessages(8, WAIT);
        assertThat(lastStreamId(file)).as("the stream ends with the DISASSOCIATE record")
                .isEqualTo(StreamId.BEGIN | StreamId.END | StreamId.DISCONT);
        mount.tell(new MountProtocol.Install(new InstallRequest(JournalId.of("j"), 0, 64 * 1024, 0),
                JournalTargets.file(tmp.resolve("again.bin")), ctl.ref()));
        assertThat(ctl.receiveMessage(WAIT).isOk()).as("the journal can be installed again").isTrue();
        // the re-installed journal writes into tmp: it must be drained and its file closed before
        // the test returns and JUnit deletes tmp, so unmount and wait for the answer
        final TestProbe<MountProtocol.Unmounted> unmounted = testKit.createTestProbe();
        mount.tell(new MountProtocol.Unmount(unmounted.ref()));
        assertThat(unmounted.receiveMessage(WAIT).discardedTransactions()).isZero();
        assertThat(lastStreamId(tmp.resolve("again.bin"))).as("the second stream ends with its DISASSOCIATE record")
                .isEqualTo(StreamId.BEGIN | StreamId.END | StreamId.DISCONT);
        testKit.stop(mount);
    }

    /** The stream id of the last whole record of a journal file. */
    private static int lastStreamId(Path file) throws java.io.IOException {
        final byte[] stream = Files.readAllBytes(file);
        int last = 0;
        for (int at = 0; at < stream.length; at += RawRecordHeaderDescriptor.alignedSize(
                RawRecordHeaderDescriptor.recsize(stream, at))) {
            last = at;
        }
        return RawRecordHeaderDescriptor.streamId(stream, last);
    }

    /** Takes one reply if one arrives within 300 ms. */
    private static boolean drainOne(TestProbe<MountProtocol.Executed> probe) {
        try {
            probe.receiveMessage(Duration.ofMillis(300));
            return true;
        } catch (AssertionError timeout) {
            return false;
        }
    }


    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aStalledTargetParksProducersAndTheHeapStaysBounded() throws Exception {
        final int ring = 1 << 20;
        final ActorRef<MountProtocol.Command> mount = testKit.spawn(MountActor.create(newMount(), SETTINGS,
                testKit.<JournalEvent>createTestProbe().ref(), cpu -> new WorkloadGenerator(7 + cpu, true, 64 << 10, 1 << 20)));
        final TestProbe<MountProtocol.MountctlResult> ctl = testKit.createTestProbe();
        mount.tell(new MountProtocol.Install(new InstallRequest(JournalId.of("j"), 0, ring, 0), new StalledTarget(), ctl.ref()));
        assertThat(ctl.receiveMessage(WAIT).isOk()).isTrue();
        System.gc();
        final long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        final TestProbe<MountProtocol.Executed> cpus = testKit.createTestProbe();
        for (int round = 0; round < 20; round++) {
            for (int cpu = 0; cpu < 8; cpu++) {
                mount.tell(new MountProtocol.Generate(cpu, 50, cpus.ref()));
            }
        }
        final TestProbe<List<JournalStatus>> status = testKit.createTestProbe();
        JournalStatus s;
        do {
            mount.tell(new MountProtocol.GetStatus(status.ref()));
            s = status.receiveMessage(WAIT).get(0);
        } while (s.parkedTransactions() == 0);
        int completed = 0;
        while (completed < 160 && drainOne(cpus)) {
            completed++;
        }
        assertThat(completed).as("batches answered while the target is stalled").isLessThan(160);
        mount.tell(new MountProtocol.GetStatus(status.ref()));
        s = status.receiveMessage(WAIT).get(0);
        assertThat(s.fifo().fifostalls()).isPositive();
        assertThat(s.membufUsed()).isLessThanOrEqualTo(ring);
        System.gc();
        final long during = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        final long grown = during - before;
        System.out.printf("stalled target: ring %d KiB, heap grew %d KiB while %d transactions were parked%n",
                ring >> 10, grown >> 10, s.parkedTransactions());
        assertThat(grown).as("heap growth with a stalled target, README's bound 2 x ring + 8 MiB")
                .isLessThanOrEqualTo(2L * ring + (8L << 20));
    }
}
