package io.kemu.actors.mount;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.testing.StalledTarget;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.jops.JournalId;
import io.kemu.vfs.workload.JournalRecorder;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Backpressure behind a target that never asks for a byte, counted exactly through the mount's
 * protocol: once the ring is full a batch stays unanswered; {@code max-batches-in-flight} batches
 * (here 3) may wait for ring space, {@code stash-capacity} further requests (here 5) are held back
 * unexecuted, and every request beyond is refused at once, unexecuted ("mount busy"). Nothing else is
 * buffered: the ring holds at most its size, and the journal's parked transactions come only from
 * the batches in flight.
 */
class MountBackpressureTest {
    private static final int IN_FLIGHT = 3;
    private static final int STASH = 5;
    private static final int OPS_PER_BATCH = 10;
    private static final int RING = 64 << 10;
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "kemu.journal.heartbeat = 20ms\nkemu.mount.max-batches-in-flight = " + IN_FLIGHT
                    + "\nkemu.mount.stash-capacity = " + STASH).withFallback(ConfigFactory.load()));
    private static final JournalSettings SETTINGS = JournalSettings.fromConfig(testKit.system().settings().config());
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(400);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }


    private static MountProtocol.Executed answerWithin(TestProbe<MountProtocol.Executed> probe, Duration wait) {
        try {
            return probe.receiveMessage(wait);
        } catch (AssertionError timeout) {
            return null;
        }
    }

    private static JournalStatus status(ActorRef<MountProtocol.Command> mount) {
        final TestProbe<List<JournalStatus>> probe = testKit.createTestProbe();
        mount.tell(new MountProtocol.GetStatus(probe.ref()));
        return probe.receiveMessage(WAIT).get(0);
    }

    @Test
    void shouldHoldBackExactlyTheConfiguredRequestsBehindAStalledTargetAndRefuseTheRest() {
        assertThat(SETTINGS.mountMaxBatchesInFlight()).isEqualTo(IN_FLIGHT);
        final ActorRef<MountProtocol.Command> mount = testKit.spawn(MountActor.create(
                new Mount(JournalRecorder.FSID, MountLimits.DEFAULT,
                        new SteppingClock(JournalRecorder.EPOCH, JournalRecorder.CLOCK_STEP_NANOS)),
                SETTINGS, testKit.<JournalEvent>createTestProbe().ref(), cpu -> new WorkloadGenerator(11, true)));
        final TestProbe<MountProtocol.MountctlResult> ctl = testKit.createTestProbe();
        mount.tell(new MountProtocol.Install(new InstallRequest(JournalId.of("j"), 0, RING, 0), new StalledTarget(), ctl.ref()));
        assertThat(ctl.receiveMessage(WAIT).isOk()).isTrue();
        final TestProbe<MountProtocol.Executed> cpu = testKit.createTestProbe();

        int answered = 0;
        JournalStatus full = null;
        while (full == null && answered < 10_000) {
            mount.tell(new MountProtocol.Generate(0, OPS_PER_BATCH, cpu.ref()));
            MountProtocol.Executed reply = answerWithin(cpu, QUIET);
            if (reply == null) {
                final JournalStatus now = status(mount);
                if (now.parkedTransactions() > 0) {
                    full = now;
                    break;
                }
                reply = cpu.receiveMessage(WAIT);
            }
            assertThat(reply.refused()).as("batch %d, before the ring is full", answered).isEmpty();
            answered++;
        }
        assertThat(full).as("a batch that does not fit waits in the journal, after %d that did", answered).isNotNull();

        for (int more = 1; more < IN_FLIGHT; more++) {
            mount.tell(new MountProtocol.Generate(0, OPS_PER_BATCH, cpu.ref()));
        }
        cpu.expectNoMessage(QUIET);
        final JournalStatus inFlight = status(mount);
        assertThat(inFlight.parkedTransactions()).as("the journal parks only the batches in flight")
                .isGreaterThan(full.parkedTransactions())
                .isLessThanOrEqualTo(IN_FLIGHT * OPS_PER_BATCH);

        for (int held = 0; held < STASH; held++) {
            mount.tell(new MountProtocol.Generate(0, OPS_PER_BATCH, cpu.ref()));
        }
        cpu.expectNoMessage(QUIET);
        assertThat(status(mount).parkedTransactions()).as("held requests are not executed")
                .isEqualTo(inFlight.parkedTransactions());

        for (int refused = 0; refused < 4; refused++) {
            mount.tell(new MountProtocol.Generate(0, OPS_PER_BATCH, cpu.ref()));
            assertThat(cpu.receiveMessage(WAIT)).as("request %d beyond the stash", refused).satisfies(r -> {
                assertThat(r.ops()).isZero();
                assertThat(r.refused()).startsWith("mount busy: " + STASH + " requests already wait");
            });
        }
        final JournalStatus end = status(mount);
        assertThat(end.parkedTransactions()).isEqualTo(inFlight.parkedTransactions());
        assertThat(end.membufUsed()).isLessThanOrEqualTo(RING);
        assertThat(end.fifo().fifostalls()).isPositive();
        testKit.stop(mount);
    }
}
