package io.kemu.testkit.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.NotUsed;
import akka.stream.javadsl.Flow;
import akka.util.ByteString;
import io.kemu.actors.dispatch.deterministic.DeterministicRun;
import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.RecordDecoder;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.streams.AckFlows;
import io.kemu.streams.JournalTargets;
import io.kemu.testkit.deterministic.KemuSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The simulation with the user's own target in place of kemu's: a full-duplex consumer that decodes
 * the journal and acks every record it got gets the whole stream exactly once (its byte count is the
 * report's), its acks free the ring, and the run replays from its seed; own targets cannot be killed.
 */
class OwnTargetSimulationTest {
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong problems = new AtomicLong();

    /** Decodes the journal's bytes; answers each whole record but pads with an ack of its transid. */
    private Flow<ByteString, ByteString, NotUsed> ackingConsumer() {
        return Flow.<ByteString>create().statefulMapConcat(() -> {
            final List<Long> durable = new ArrayList<>();
            final RecordDecoder decoder = new RecordDecoder(new RecordDecoder.Listener() {
                @Override
                public void onRecord(RawRecord record) {
                    if (!record.isPad()) {
                        records.incrementAndGet();
                        durable.add(record.transid());
                    }
                }

                @Override
                public void onProblem(ScanProblem problem) {
                    problems.incrementAndGet();
                }
            });
            return chunk -> {
                bytes.addAndGet(chunk.size());
                durable.clear();
                decoder.feed(chunk.toArray(), 0, chunk.size());
                return List.copyOf(durable);
            };
        }).via(AckFlows.encoder());
    }

    private SimulationOptions options() {
        return SimulationOptions.defaults().withCpus(3).withOps(1_500)
                .withFullDuplexTargets(mount -> JournalTargets.flow(ackingConsumer(), "acking consumer " + mount));
    }

    @Test
    void shouldStreamTheWholeJournalOnceIntoAFullDuplexConsumerAndReplayFromTheSeed() throws Exception {
        final DeterministicRun.Outcome<SimulationReport> run = new KemuSeed(11).simulate(options());
        final long firstRecords = records.get();

        assertThat(run.failure()).isNull();
        assertThat(run.result().verified()).isTrue();
        final SimulationReport.JournalOutcome journal = run.result().journals().get(0);
        assertThat(journal.discarded()).isTrue();
        assertThat(journal.totalAcked()).isPositive();
        assertThat(bytes.get()).isEqualTo(run.result().bytesSent());
        assertThat(firstRecords).isPositive();
        assertThat(problems.get()).isZero();

        records.set(0);
        final DeterministicRun.Outcome<SimulationReport> again = new KemuSeed(11).simulate(options());
        assertThat(again.traceSha256()).isEqualTo(run.traceSha256());
        assertThat(records.get()).isEqualTo(firstRecords);
    }

    @Test
    void shouldRefuseToKillAnOwnTarget() {
        final SimulationOptions own = options();
        assertThatThrownBy(() -> new SimulationOptions(own.cpus(), own.ops(), own.duration(), own.ringSize(),
                own.target(), own.halfDuplex(), own.reversible(), 1, 0, 1, null, null, own.threadModel(), own.batch(),
                own.portable(), own.mounts(), false, own.ownTargets()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own target");
    }
}
