package io.kemu.it.target;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.mount.MountActor;
import io.kemu.actors.mount.MountProtocol;
import io.kemu.actors.mount.TargetRestarter;
import io.kemu.journal.scan.mirror.Mirror;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.wire.AckRecordDescriptor;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.streams.JournalTargets;
import io.kemu.streams.server.JournalStore;
import io.kemu.streams.server.JournalTargetServer;
import io.kemu.streams.server.MirrorConsumer;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.jops.MountctlFlags;
import io.kemu.vfs.workload.TreeDiff;
import io.kemu.vfs.workload.TreeExporter;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's "done when": a full-duplex journal replaying from its last ack through three kills of
 * its target, with a poisoning client (one record with transid 2^63-1) at every start of the target,
 * ends with both the stored journal and the live mirror equal to the source tree.
 */
class PoisonedTargetRestartTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "kemu.journal.heartbeat = 50ms").withFallback(ConfigFactory.load()));
    private static final JournalSettings SETTINGS = JournalSettings.fromConfig(testKit.system().settings().config());
    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** One target "process": a store, its live mirror and the server. */
    private record Target(JournalTargetServer server, MirrorConsumer mirror) {
        static Target start(Path journal, Path mirrorDir) throws Exception {
            final MirrorConsumer mirror = MirrorConsumer.open(mirrorDir, MirrorOptions.FAITHFUL);
            final JournalStore store = JournalStore.open(journal, mirror);
            final JournalTargetServer server = JournalTargetServer.start(testKit.system(), "127.0.0.1", 0, store,
                    JournalTargetServer.TargetSettings.DEFAULT).toCompletableFuture().get(10, TimeUnit.SECONDS);
            return new Target(server, mirror);
        }

        void kill() throws Exception {
            server.kill().toCompletableFuture().get(10, TimeUnit.SECONDS);
            mirror.abandon();
        }
    }

    /** A well-formed 32-byte record of stream 0x0100 with transid 2^63-1, sent by a local stranger. */
    private static void poison(InetSocketAddress at) throws IOException {
        final byte[] record = AckRecordDescriptor.encode(Long.MAX_VALUE);
        RawRecordHeaderDescriptor.streamId(record, 0, 0xC100);
        try (Socket socket = new Socket(at.getAddress(), at.getPort())) {
            socket.getOutputStream().write(record);
            socket.getOutputStream().flush();
            socket.setSoTimeout(5000);
            final InputStream in = socket.getInputStream();
            try {
                while (in.read(new byte[64]) >= 0) {
                    assertThat(false).as("the poisoning record is never acknowledged").isTrue();
                }
            } catch (IOException cut) {
                // refused: the target cut the connection
            }
        }
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

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndWithStoreAndMirrorEqualToTheTreeAfterPoisonAndThreeKills(@TempDir Path tmp) throws Exception {
        final Path journal = tmp.resolve("journal.bin");
        final Path mirrorDir = Files.createDirectories(tmp.resolve("mirror"));
        Target target = Target.start(journal, mirrorDir);
        poison(target.server().localAddress());
        final AtomicReference<InetSocketAddress> current = new AtomicReference<>(target.server().localAddress());
        final AtomicReference<ActorRef<MountProtocol.Command>> mountRef = new AtomicReference<>();
        final ActorRef<JournalEvent> restarter = testKit.spawn(TargetRestarter.create(mountRef::get,
                id -> JournalTargets.tcp(current.get()), new AtomicInteger()));
        final ActorRef<MountProtocol.Command> mount = testKit.spawn(MountActor.create(
                new Mount(42, MountLimits.DEFAULT, new SteppingClock(new Timespec(1_767_225_600L, 0), 1_000)),
                SETTINGS, restarter, cpu -> new WorkloadGenerator(700 + cpu, true)));
        mountRef.set(mount);
        final TestProbe<MountProtocol.MountctlResult> ctl = testKit.createTestProbe();
        mount.tell(new MountProtocol.Install(new InstallRequest(JournalId.of("j"), MountctlFlags.WANT_FULLDUPLEX,
                64 * 1024, 0), JournalTargets.tcp(current.get()), ctl.ref()));
        assertThat(ctl.receiveMessage(WAIT).isOk()).isTrue();
        for (int kill = 0; kill < 3; kill++) {
            runBatches(mount, 4, 12);
            target.kill();
            target = Target.start(journal, mirrorDir);
            poison(target.server().localAddress());
            current.set(target.server().localAddress());
        }
        runBatches(mount, 4, 12);
        final TestProbe<MountProtocol.Unmounted> unmounted = testKit.createTestProbe();
        mount.tell(new MountProtocol.Unmount(unmounted.ref()));
        final Mount finalMount = unmounted.receiveMessage(WAIT).mount();
        target.server().stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        final Path expected = tmp.resolve("expected");
        TreeExporter.export(finalMount, expected);
        assertThat(target.mirror().report().problems()).as("live mirror problems").isEmpty();
        assertThat(TreeDiff.compare(expected, mirrorDir, Set.of(), 10)).as("live mirror vs tree").isEmpty();
        final Path fromStore = tmp.resolve("from-store");
        assertThat(Mirror.apply(journal, fromStore, MirrorOptions.FAITHFUL).problems()).as("stored journal problems").isEmpty();
        assertThat(TreeDiff.compare(expected, fromStore, Set.of(), 10)).as("stored journal vs tree").isEmpty();
    }
}
