package io.kemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.mount.MountActor;
import io.kemu.actors.mount.MountProtocol;
import io.kemu.streams.JournalTargets;
import io.kemu.vfs.Errno;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountClientTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void shouldInstallReportAndUnmountARealMount(@TempDir Path tmp) {
        final ActorRef<MountProtocol.Command> mount = testKit.spawn(MountActor.create(TestMounts.likeRecorder(),
                JournalSettings.fromConfig(testKit.system().settings().config()), testKit.system().ignoreRef(),
                cpu -> new WorkloadGenerator(cpu, true)));
        final MountClient client = new MountClient(mount, testKit.scheduler(), WAIT);
        client.install(InstallRequest.of("j", 0), JournalTargets.file(tmp.resolve("j.bin")));
        assertThat(client.status()).extracting(s -> s.id()).containsExactly("j");
        assertThat(client.unmount().bytesSent()).isPositive();
    }

    @Test
    void shouldThrowWithTheErrnoWhenMountctlRefuses() {
        final ActorRef<MountProtocol.Command> refusing = testKit.spawn(Behaviors.receiveMessage(command -> {
            if (command instanceof MountProtocol.Install install) {
                install.replyTo().tell(new MountProtocol.MountctlResult(Errno.EINVAL, "install refused"));
            }
            return Behaviors.same();
        }));
        final MountClient client = new MountClient(refusing, testKit.scheduler(), WAIT);
        assertThatThrownBy(() -> client.install(InstallRequest.of("j", 0), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("journal install refused: EINVAL install refused");
    }
}
