package io.kemu.actors.mount;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.FileIO;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.workload.JournalRecorder;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountActorTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "kemu.journal.heartbeat = 20ms").withFallback(ConfigFactory.load()));
    private static final JournalSettings SETTINGS = JournalSettings.fromConfig(testKit.system().settings().config());
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /**
     * A file target written through FileIO that ends only once the file is closed (the streams
     * module's factory does the same).
     */
    private static JournalTarget fileTarget(Path file) {
        return new JournalTarget() {
            @Override
            public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
                return Flow.fromSinkAndSourceMat(FileIO.toPath(file,
                                Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND)),
                        Source.<ByteString>maybe(),
                        (java.util.concurrent.CompletionStage<akka.stream.IOResult> written,
                                java.util.concurrent.CompletableFuture<java.util.Optional<ByteString>> end) -> {
                            written.whenComplete((result, failure) -> end.complete(java.util.Optional.empty()));
                            return written;
                        });
            }

            @Override
            public String description() {
                return "file " + file;
            }
        };
    }

    private static Mount newMount() {
        return new Mount(JournalRecorder.FSID, MountLimits.DEFAULT,
                new SteppingClock(JournalRecorder.EPOCH, JournalRecorder.CLOCK_STEP_NANOS));
    }

    @Test
    void oneCpuThroughTheActorsWritesExactlyWhatKemuRecordWrites(@TempDir Path tmp) throws Exception {
        final long seed = 11;
        final int ops = 200;
        final ActorRef<MountProtocol.Command> mount = testKit.spawn(MountActor.create(newMount(), SETTINGS,
                testKit.<JournalEvent>createTestProbe().ref(), cpu -> new WorkloadGenerator(seed, false)));
        final TestProbe<MountProtocol.MountctlResult> ctl = testKit.createTestProbe();
        final Path journal = tmp.resolve("journal.bin");
        mount.tell(new MountProtocol.Install(new InstallRequest(JournalId.of(JournalRecorder.JOURNAL_ID), 0, 0, 0),
                fileTarget(journal), ctl.ref()));
        assertThat(ctl.receiveMessage(WAIT).isOk()).isTrue();

        final TestProbe<MountProtocol.Executed> cpu = testKit.createTestProbe();
        for (int done = 0; done < ops; done += 10) {
            mount.tell(new MountProtocol.Generate(0, 10, cpu.ref()));
            final MountProtocol.Executed executed = cpu.receiveMessage(WAIT);
            assertThat(executed.ops()).isEqualTo(10);
            assertThat(executed.refused()).isEmpty();
        }
        final TestProbe<MountProtocol.Unmounted> unmounted = testKit.createTestProbe();
        mount.tell(new MountProtocol.Unmount(unmounted.ref()));
        final MountProtocol.Unmounted result = unmounted.receiveMessage(WAIT);

        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        JournalRecorder.record(new JournalRecorder.Options(seed, ops, false, false, 0), expected, tmp.resolve("tree"));
        assertThat(Files.readAllBytes(journal)).isEqualTo(expected.toByteArray());
        assertThat(result.bytesSent()).isEqualTo(expected.size());
    }

    @Test
    void unmountAnswersOnlyOnceEveryJournalHasDrained(@TempDir Path tmp) throws Exception {
        final ActorRef<MountProtocol.Command> mount = testKit.spawn(MountActor.create(newMount(), SETTINGS,
                testKit.<JournalEvent>createTestProbe().ref(), cpu -> new WorkloadGenerator(cpu, false)));
        final TestProbe<MountProtocol.MountctlResult> ctl = testKit.createTestProbe();
        for (String id : java.util.List.of("a", "b", "c")) {
            mount.tell(new MountProtocol.Install(InstallRequest.of(id, 0), fileTarget(tmp.resolve(id)), ctl.ref()));
            assertThat(ctl.receiveMessage(WAIT).isOk()).isTrue();
        }
        final TestProbe<MountProtocol.Executed> cpu = testKit.createTestProbe();
        for (int i = 0; i < 10; i++) {
            mount.tell(new MountProtocol.Generate(i, 50, cpu.ref()));
        }
        cpu.receiveSeveralMessages(10, WAIT);
        final TestProbe<MountProtocol.Unmounted> unmounted = testKit.createTestProbe();
        mount.tell(new MountProtocol.Unmount(unmounted.ref()));
        final long sent = unmounted.receiveMessage(WAIT).bytesSent();
        long onDisk = 0;
        for (String id : java.util.List.of("a", "b", "c")) {
            final byte[] stream = Files.readAllBytes(tmp.resolve(id));
            onDisk += stream.length;
            int last = 0;
            for (int at = 0; at < stream.length;
                    at += io.kemu.journal.wire.RawRecordHeaderDescriptor.alignedSize(
                            io.kemu.journal.wire.RawRecordHeaderDescriptor.recsize(stream, at))) {
                last = at;
            }
            assertThat(io.kemu.journal.wire.RawRecordHeaderDescriptor.streamId(stream, last))
                    .as("journal %s ends with its DISASSOCIATE", id).isEqualTo(0xC002);
        }
        assertThat(onDisk).isEqualTo(sent);
    }

    @Test
    void shouldAnswerMountctlErrorsAsTheKernelDoes(@TempDir Path tmp) {
        final ActorRef<MountProtocol.Command> mount = testKit.spawn(MountActor.create(newMount(), SETTINGS,
                testKit.<JournalEvent>createTestProbe().ref(), cpu -> new WorkloadGenerator(cpu, false)));
        final TestProbe<MountProtocol.MountctlResult> ctl = testKit.createTestProbe();
        mount.tell(new MountProtocol.Remove(JournalId.of("none"), false, ctl.ref()));
        assertThat(ctl.receiveMessage(WAIT).errno()).isEqualTo(Errno.ENOENT);
        mount.tell(new MountProtocol.Install(InstallRequest.of("j", 0), fileTarget(tmp.resolve("j")), ctl.ref()));
        assertThat(ctl.receiveMessage(WAIT).isOk()).isTrue();
        mount.tell(new MountProtocol.Restart(JournalId.of("other"), fileTarget(tmp.resolve("k")), ctl.ref()));
        assertThat(ctl.receiveMessage(WAIT).errno()).isEqualTo(Errno.EINVAL);
        final TestProbe<java.util.List<JournalStatus>> status = testKit.createTestProbe();
        mount.tell(new MountProtocol.GetStatus(status.ref()));
        final JournalStatus s = status.receiveMessage(WAIT).get(0);
        assertThat(s.fifo().size()).isEqualTo(1 << 20);
        assertThat(s.fullDuplex()).isFalse();
        mount.tell(new MountProtocol.Remove(JournalId.of("j"), false, ctl.ref()));
        assertThat(ctl.receiveMessage(WAIT).detail()).startsWith("removed j after sending");
    }
}
