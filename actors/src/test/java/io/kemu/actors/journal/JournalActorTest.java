package io.kemu.actors.journal;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.util.ByteString;
import com.typesafe.config.ConfigFactory;
import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.jrecord.JRecord;
import io.kemu.journal.jrecord.RecordBuilder;
import io.kemu.journal.jrecord.TransactionProgram;
import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.RecordDecoder;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.wire.AckRecordDescriptor;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.StreamId;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JournalActorTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "kemu.journal.heartbeat = 20ms\nkemu.journal.stop-warning-interval = 200ms")
            .withFallback(ConfigFactory.load()));
    private static final JournalSettings SETTINGS = JournalSettings.fromConfig(testKit.system().settings().config());
    /**
     * Upper bounds only: a passing run never waits them out; they are generous because the build
     * machine may be heavily loaded (a connection took over 5 s there).
     */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int CONNECT_SECONDS = 30;
    private static final scala.concurrent.duration.FiniteDuration EXPECT_WAIT =
            scala.concurrent.duration.FiniteDuration.apply(30, TimeUnit.SECONDS);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** A small transaction: a REDO holding a 100-byte leaf and a path. */
    private static void transaction(RecordBuilder b, int n) {
        b.push(RecordType.REDO);
        final byte[] data = new byte[100];
        java.util.Arrays.fill(data, (byte) n);
        b.leaf(RecordType.FILEDATA, data);
        b.leaf(RecordType.PATH1, ("file-" + n + "\0").getBytes());
        b.pop();
        b.done(false);
    }

    private static TransactionProgram program(int n) {
        final TransactionProgram p = new TransactionProgram(0x100 + (n % 16));
        transaction(p, n);
        return p;
    }

    /** What the kernel's code would put on the wire for transactions 0..count-1. */
    private static byte[] directBytes(int ringSize, long transid, int count) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JournalFifo fifo = new JournalFifo(ringSize, transid, false);
        fifo.stallHandler(f -> {
            final int before = f.xindex();
            f.drain(out::write);
            return f.xindex() != before;
        });
        for (int n = 0; n < count; n++) {
            transaction(JRecord.init(fifo, 0x100 + (n % 16)), n);
        }
        fifo.drain(out::write);
        return out.toByteArray();
    }

    private static ByteString receiveAtLeast(TestTargets.Connection c, int bytes) {
        ByteString all = ByteString.emptyByteString();
        while (all.size() < bytes) {
            c.received().request(1);
            all = all.concat(c.received().expectNext(EXPECT_WAIT));
        }
        return all;
    }

    /** The transids of the transactions' last records in {@code stream}, in order (a cut record ends it). */
    private static List<Long> endTransids(ByteString stream) throws java.io.IOException {
        final List<Long> ends = new ArrayList<>();
        RecordDecoder.decodeAll(new java.io.ByteArrayInputStream(stream.toArray()), new RecordDecoder.Listener() {
            @Override
            public void onRecord(RawRecord record) {
                if (!record.isPad() && record.isEnd()) {
                    ends.add(record.transid());
                }
            }

            @Override
            public void onProblem(ScanProblem problem) {
                throw new AssertionError(problem.toString());
            }
        });
        return ends;
    }

    private static List<TransactionProgram> programs(int from, int count) {
        final List<TransactionProgram> list = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            list.add(program(n));
        }
        return list;
    }

    /**
     * Where free space never constrains the layout (journal_extend grows in place or pushes out
     * depending on free space, so the writer's timing can change the kernel's own bytes), the actors
     * must put exactly a direct JRecord's bytes on the wire, wrap pads included.
     */
    @Test
    void shouldStreamExactlyTheBytesADirectJRecordWrites() throws Exception {
        final TestTargets.Probed target = new TestTargets.Probed("half");
        final ActorRef<JournalProtocol.Command> journal = testKit.spawn(JournalActor.create("j1",
                new JournalFifo(65536, 1000, false), target, SETTINGS, testKit.<JournalEvent>createTestProbe().ref()));
        final TestTargets.Connection c = target.connections.poll(CONNECT_SECONDS, TimeUnit.SECONDS);
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        for (int batch = 0; batch < 10; batch++) {
            journal.tell(new JournalProtocol.Submit(programs(batch * 20, 20), 0, producer.ref()));
            c.received().request(1000);
            assertThat(producer.expectMessageClass(JournalProtocol.Submitted.class, WAIT).accepted()).isTrue();
        }
        final byte[] expected = directBytes(65536, 1000, 200);
        ByteString all = ByteString.emptyByteString();
        while (all.size() < expected.length) {
            all = all.concat(c.received().expectNext(EXPECT_WAIT));
        }
        assertThat(all.toArray()).isEqualTo(expected);
    }

    @Test
    void shouldParkProducersWhileASlowTargetHoldsTheRingFull() throws Exception {
        final TestTargets.Probed target = new TestTargets.Probed("slow");
        final ActorRef<JournalProtocol.Command> journal = testKit.spawn(JournalActor.create("j2",
                new JournalFifo(1024, 1, false), target, SETTINGS, testKit.<JournalEvent>createTestProbe().ref()));
        final TestTargets.Connection c = target.connections.poll(CONNECT_SECONDS, TimeUnit.SECONDS);
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        final TestProbe<JournalStatus> status = testKit.createTestProbe();
        c.received().request(1);
        journal.tell(new JournalProtocol.Submit(programs(0, 40), 0, producer.ref()));
        producer.expectNoMessage(Duration.ofMillis(300));
        journal.tell(new JournalProtocol.GetStatus(status.ref()));
        final JournalStatus parked = status.receiveMessage(WAIT);
        assertThat(parked.parkedTransactions()).isPositive();
        assertThat(parked.fifo().fifostalls()).isPositive();
        c.received().request(10_000);
        assertThat(producer.expectMessageClass(JournalProtocol.Submitted.class, WAIT).transactions()).isEqualTo(40);
        JournalStatus drained = parked;
        for (int round = 0; round < 500 && (drained.parkedTransactions() > 0 || drained.membufUsed() > 0); round++) {
            Thread.sleep(10);
            journal.tell(new JournalProtocol.GetStatus(status.ref()));
            drained = status.receiveMessage(WAIT);
        }
        assertThat(drained.parkedTransactions()).isZero();
        final ByteString stream = receiveAtLeast(c, (int) drained.bytesHandedToTarget());
        assertThat(stream.size()).as("nothing beyond what the journal says it handed over")
                .isEqualTo(drained.bytesHandedToTarget());
        final List<Long> ends = endTransids(stream);
        assertThat(ends).as("every parked transaction reached the target once, in order").hasSize(40).isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldFreeSpaceOnlyWhenAFullDuplexTargetAcks() throws Exception {
        final TestTargets.Probed target = new TestTargets.Probed("acks");
        final JournalFifo fifo = new JournalFifo(1024, 1L << 40, true);
        final ActorRef<JournalProtocol.Command> journal = testKit.spawn(JournalActor.create("j3", fifo, target,
                SETTINGS, testKit.<JournalEvent>createTestProbe().ref()));
        final TestTargets.Connection c = target.connections.poll(CONNECT_SECONDS, TimeUnit.SECONDS);
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        c.received().request(10_000);
        journal.tell(new JournalProtocol.Submit(programs(0, 30), 0, producer.ref()));
        producer.expectNoMessage(Duration.ofMillis(300));
        final TestProbe<JournalStatus> status = testKit.createTestProbe();
        journal.tell(new JournalProtocol.GetStatus(status.ref()));
        final JournalStatus full = status.receiveMessage(WAIT);
        assertThat(full.membufUnacked()).isPositive();
        assertThat(full.parkedTransactions()).isPositive();
        JournalStatus now = full;
        ByteString received = ByteString.emptyByteString();
        long acked = Long.MIN_VALUE;
        for (int round = 0; round < 500 && (now.parkedTransactions() > 0 || now.membufUnacked() > 0); round++) {
            // as a real target does: acknowledge each transaction received whole, once, nothing beyond
            received = received.concat(receiveAtLeast(c, (int) now.bytesHandedToTarget() - received.size()));
            final List<Long> ends = endTransids(received);
            if (!ends.isEmpty() && ends.get(ends.size() - 1) > acked) {
                acked = ends.get(ends.size() - 1);
                c.returns().offer(ByteString.fromArray(AckRecordDescriptor.encode(acked)));
            }
            journal.tell(new JournalProtocol.GetStatus(status.ref()));
            now = status.receiveMessage(WAIT);
        }
        assertThat(producer.expectMessageClass(JournalProtocol.Submitted.class, WAIT).transactions()).isEqualTo(30);
        assertThat(now.ackLatency().count()).isPositive();
    }

    @Test
    void shouldCutATargetThatSendsGarbageAndReplayUnackedBytesAfterRestart() throws Exception {
        final TestTargets.Probed target = new TestTargets.Probed("garbage");
        final TestProbe<JournalEvent> events = testKit.createTestProbe();
        final ActorRef<JournalProtocol.Command> journal = testKit.spawn(JournalActor.create("j4",
                new JournalFifo(8192, 1, true), target, SETTINGS, events.ref()));
        final TestTargets.Connection first = target.connections.poll(CONNECT_SECONDS, TimeUnit.SECONDS);
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        first.received().request(10_000);
        journal.tell(new JournalProtocol.Submit(programs(0, 10), 0, producer.ref()));
        producer.expectMessageClass(JournalProtocol.Submitted.class, WAIT);
        final byte[] expected = directBytes(8192, 1, 10);
        final ByteString sent = receiveAtLeast(first, expected.length);
        final long firstTransid = RawRecordHeaderDescriptor.transid(sent.toArray(), 0);
        first.returns().offer(ByteString.fromArray(AckRecordDescriptor.encode(firstTransid)));
        first.returns().offer(ByteString.fromArray(new byte[32]));
        final JournalEvent lost = events.receiveMessage(WAIT);
        assertThat(lost).isInstanceOf(JournalEvent.TargetLost.class);
        assertThat(((JournalEvent.TargetLost) lost).reason()).contains("bad begmagic");

        final TestProbe<JournalProtocol.Restarted> restarted = testKit.createTestProbe();
        journal.tell(new JournalProtocol.Restart(target, restarted.ref()));
        final long xindex = restarted.receiveMessage(WAIT).replayFromXindex();
        final TestTargets.Connection second = target.connections.poll(CONNECT_SECONDS, TimeUnit.SECONDS);
        final ByteString replayed = receiveAtLeast(second, expected.length - (int) xindex);
        assertThat(replayed.toArray()).isEqualTo(java.util.Arrays.copyOfRange(expected, (int) xindex, expected.length));
        assertThat(xindex).isPositive();
        assertThat(StreamId.BEGIN & RawRecordHeaderDescriptor.streamId(replayed.toArray(), 0)).isNotZero();
    }

    @Test
    void shouldDrainEverythingBeforeStopping() throws Exception {
        final TestTargets.Probed target = new TestTargets.Probed("stop");
        final ActorRef<JournalProtocol.Command> journal = testKit.spawn(JournalActor.create("j5",
                new JournalFifo(2048, 1, false), target, SETTINGS, testKit.<JournalEvent>createTestProbe().ref()));
        final TestTargets.Connection c = target.connections.poll(CONNECT_SECONDS, TimeUnit.SECONDS);
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        journal.tell(new JournalProtocol.Submit(programs(0, 50), 0, producer.ref()));
        final TestProbe<JournalProtocol.Stopped> stopped = testKit.createTestProbe();
        journal.tell(new JournalProtocol.Stop(false, stopped.ref()));
        final byte[] expected = directBytes(2048, 1, 50);
        final ByteString all = receiveAtLeast(c, expected.length);
        assertThat(all.toArray()).isEqualTo(expected);
        c.received().request(1);
        c.received().expectComplete();
        final JournalProtocol.Stopped drained = stopped.receiveMessage(WAIT);
        assertThat(drained.discardedBytes()).isZero();
        assertThat(drained.discardedTransactions()).isZero();
        assertThat(producer.expectMessageClass(JournalProtocol.Submitted.class, WAIT).accepted()).isTrue();
        final TestProbe<JournalProtocol.Submitted> late = testKit.createTestProbe();
        testKit.createTestProbe().expectTerminated(journal, WAIT);
        journal.tell(new JournalProtocol.Submit(programs(0, 1), 0, late.ref()));
        late.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aDrainingStopWhoseTargetDiesWaitsForARestartAndLosesNothing() throws Exception {
        final TestTargets.Probed target = new TestTargets.Probed("dies");
        final TestProbe<JournalEvent> events = testKit.createTestProbe();
        final ActorRef<JournalProtocol.Command> journal = testKit.spawn(JournalActor.create("j7",
                new JournalFifo(8192, 1L << 40, true), target, SETTINGS, events.ref()));
        final TestTargets.Connection first = target.connections.poll(CONNECT_SECONDS, TimeUnit.SECONDS);
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        journal.tell(new JournalProtocol.Submit(programs(0, 20), 0, producer.ref()));
        producer.expectMessageClass(JournalProtocol.Submitted.class, WAIT);
        first.received().request(1);
        first.received().expectNext(EXPECT_WAIT);
        first.received().cancel();
        assertThat(events.receiveMessage(WAIT)).isInstanceOf(JournalEvent.TargetLost.class);
        final TestProbe<JournalProtocol.Stopped> stopped = testKit.createTestProbe();
        journal.tell(new JournalProtocol.Stop(false, stopped.ref()));
        stopped.expectNoMessage(Duration.ofMillis(300));
        journal.tell(new JournalProtocol.Restart(target, testKit.<JournalProtocol.Restarted>createTestProbe().ref()));
        final TestTargets.Connection second = target.connections.poll(CONNECT_SECONDS, TimeUnit.SECONDS);
        final byte[] expected = directBytes(8192, 1L << 40, 20);
        assertThat(receiveAtLeast(second, expected.length).toArray()).isEqualTo(expected);
        second.received().request(1);
        second.received().expectComplete();
        final JournalProtocol.Stopped done = stopped.receiveMessage(WAIT);
        assertThat(done.discardedBytes()).isZero();
        assertThat(done.discardedTransactions()).isZero();
    }

    @Test
    void shouldDiscardUnsentDataOnImmediateStop() throws Exception {
        final TestTargets.Probed target = new TestTargets.Probed("imm");
        final ActorRef<JournalProtocol.Command> journal = testKit.spawn(JournalActor.create("j6",
                new JournalFifo(1024, 1, false), target, SETTINGS, testKit.<JournalEvent>createTestProbe().ref()));
        target.connections.poll(CONNECT_SECONDS, TimeUnit.SECONDS);
        final TestProbe<JournalProtocol.Submitted> producer = testKit.createTestProbe();
        journal.tell(new JournalProtocol.Submit(programs(0, 40), 0, producer.ref()));
        final TestProbe<JournalProtocol.Stopped> stopped = testKit.createTestProbe();
        journal.tell(new JournalProtocol.Stop(true, stopped.ref()));
        final JournalProtocol.Submitted refused = producer.expectMessageClass(JournalProtocol.Submitted.class, WAIT);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.error()).contains("stopped immediately");
        assertThat(stopped.receiveMessage(WAIT).discardedTransactions()).isPositive();
    }
}
