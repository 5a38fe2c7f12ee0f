package io.kemu.actors.mount;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Flow;
import akka.util.ByteString;
import io.kemu.actors.journal.JournalProtocol;
import io.kemu.actors.journal.JournalStages;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** mountctl's bookkeeping alone: the journal actors are probes, the flush a counter. */
class MountctlTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final JournalTarget TARGET = new JournalTarget() {
        @Override
        public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
            return Flow.create();
        }

        @Override
        public String description() {
            return "nowhere";
        }
    };

    private final Map<JournalId, TestProbe<JournalProtocol.Command>> journals = new HashMap<>();
    private final TestProbe<JournalProtocol.Stopped> stopped = testKit.createTestProbe();
    private final TestProbe<JournalProtocol.Restarted> restarted = testKit.createTestProbe();
    private final TestProbe<MountProtocol.MountctlResult> ctl = testKit.createTestProbe();
    private int flushes;
    private final Mountctl mountctl = new Mountctl(
            new Mount(1, MountLimits.DEFAULT, new SteppingClock(new Timespec(1, 0), 1)),
            (journal, target) -> {
                final TestProbe<JournalProtocol.Command> probe = testKit.createTestProbe();
                journals.put(journal.id(), probe);
                return probe.ref();
            },
            () -> flushes++, stopped.ref(), restarted.ref());

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void shouldSpawnAndFlushTheAssociateOnInstall() {
        assertThat(mountctl.install(InstallRequest.of("j", 0), TARGET).isOk()).isTrue();
        assertThat(journals).containsKey(JournalId.of("j"));
        assertThat(flushes).isEqualTo(1);
        assertThat(mountctl.install(InstallRequest.of("k", 0), TARGET).isOk()).isTrue();
        assertThat(flushes).isEqualTo(2);
        assertThat(mountctl.installedIds()).containsExactlyInAnyOrder(JournalId.of("j"), JournalId.of("k"));
    }

    @Test
    void shouldRefuseAnIdThatIsAlreadyInstalledWithEexistAndKeepTheFirstJournal() {
        assertThat(mountctl.install(InstallRequest.of("j", 0), TARGET).isOk()).isTrue();
        final MountProtocol.MountctlResult again = mountctl.install(InstallRequest.of("j", 0), TARGET);
        assertThat(again.isOk()).isFalse();
        assertThat(again.errno()).isEqualTo(Errno.EEXIST);
        assertThat(flushes).isEqualTo(1);
        assertThat(mountctl.installedIds()).containsExactly(JournalId.of("j"));
    }

    @Test
    void shouldFlushTheDisassociateThenStopAndAnswerWhenStopped() {
        mountctl.install(InstallRequest.of("j", 0), TARGET);
        mountctl.remove(JournalId.of("j"), true, ctl.ref());
        assertThat(flushes).isEqualTo(2);
        final JournalProtocol.Stop stop = (JournalProtocol.Stop) journals.get(JournalId.of("j")).receiveMessage();
        assertThat(stop.immediate()).isTrue();
        assertThat(mountctl.noneInstalled()).isTrue();
        assertThat(mountctl.allStopped()).as("still draining").isFalse();

        mountctl.stopped(new JournalProtocol.Stopped("j", 100, 7, 1, JournalStages.NONE));
        assertThat(ctl.receiveMessage().detail()).startsWith("removed j after sending 100 bytes");
        assertThat(mountctl.allStopped()).isTrue();
        final MountProtocol.Unmounted totals = mountctl.unmounted(null);
        assertThat(totals.bytesSent()).isEqualTo(100);
        assertThat(totals.discardedBytes()).isEqualTo(7);
        assertThat(totals.discardedTransactions()).isEqualTo(1);
    }

    @Test
    void shouldAnswerUnknownJournalsAsTheKernelDoes() {
        mountctl.remove(JournalId.of("none"), false, ctl.ref());
        assertThat(ctl.receiveMessage().errno()).isEqualTo(Errno.ENOENT);
        mountctl.install(InstallRequest.of("j", 0), TARGET);
        mountctl.restart(JournalId.of("other"), TARGET, ctl.ref());
        assertThat(ctl.receiveMessage().errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void shouldRestartAJournalStillDrainingAfterItsRemoval() {
        mountctl.install(InstallRequest.of("j", 0), TARGET);
        final TestProbe<JournalProtocol.Command> journal = journals.get(JournalId.of("j"));
        mountctl.remove(JournalId.of("j"), false, ctl.ref());
        journal.expectMessageClass(JournalProtocol.Stop.class);
        mountctl.restart(JournalId.of("j"), TARGET, ctl.ref());
        assertThat(journal.expectMessageClass(JournalProtocol.Restart.class).replyTo()).isEqualTo(restarted.ref());
        mountctl.restarted(new JournalProtocol.Restarted("j", 64));
        assertThat(ctl.receiveMessage().detail()).isEqualTo("restarted, replaying from xindex 64");
    }

    @Test
    void shouldDropAFailedJournalButIgnoreTheEndOfARemovedOne() {
        mountctl.install(InstallRequest.of("a", 0), TARGET);
        mountctl.install(InstallRequest.of("b", 0), TARGET);
        mountctl.remove(JournalId.of("b"), false, ctl.ref());
        assertThat(mountctl.terminated(JournalId.of("b"), journals.get(JournalId.of("b")).ref())).isFalse();
        assertThat(mountctl.terminated(JournalId.of("a"), journals.get(JournalId.of("a")).ref())).isTrue();
        assertThat(mountctl.noneInstalled()).isTrue();
        mountctl.restart(JournalId.of("a"), TARGET, ctl.ref());
        assertThat(ctl.receiveMessage().errno()).as("a failed journal is off the mount").isNotNull();
    }

    /**
     * The death of a removed journal is heard after its id was installed again (the Stopped answer
     * went out first, the Terminated after): the new journal stays installed and unmounting waits for it.
     */
    @Test
    void shouldKeepAJournalInstalledAgainWhenTheRemovedOnesDeathIsHeardLate() {
        mountctl.install(InstallRequest.of("j", 0), TARGET);
        final TestProbe<JournalProtocol.Command> first = journals.get(JournalId.of("j"));
        mountctl.remove(JournalId.of("j"), false, ctl.ref());
        mountctl.stopped(new JournalProtocol.Stopped("j", 100, 0, 0, JournalStages.NONE));
        assertThat(ctl.receiveMessage().isOk()).isTrue();
        assertThat(mountctl.install(InstallRequest.of("j", 0), TARGET).isOk()).isTrue();
        assertThat(journals.get(JournalId.of("j"))).isNotSameAs(first);

        assertThat(mountctl.terminated(JournalId.of("j"), first.ref())).isFalse();
        assertThat(mountctl.installedIds()).containsExactly(JournalId.of("j"));
        assertThat(mountctl.noneInstalled()).isFalse();
    }
}
