package com.example.journal;

import static org.assertj.core.api.Assertions.assertThat;

import akka.stream.javadsl.Sink;
import akka.util.ByteString;
import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.dispatch.deterministic.DeterministicRun;
import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.RecordDecoder;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.streams.JournalTargets;
import io.kemu.testkit.deterministic.KemuSeed;
import io.kemu.testkit.deterministic.KemuSeedExtension;
import io.kemu.testkit.simulation.Simulation;
import io.kemu.testkit.simulation.SimulationOptions;
import io.kemu.testkit.simulation.SimulationReport;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Four simulated CPUs issue VOPs on a kemu mount whose journal streams into our own consumer. */
@ExtendWith(KemuSeedExtension.class)
class JournalConsumerTest {
    /** Our consumer: decodes the journal as it arrives, counting its bytes, records and problems. */
    static final class RecordCounter implements RecordDecoder.Listener {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong records = new AtomicLong();
        final AtomicLong problems = new AtomicLong();
        private final RecordDecoder decoder = new RecordDecoder(this);

        Sink<ByteString, ?> sink() {
            return Sink.foreach(chunk -> {
                bytes.addAndGet(chunk.size());
                decoder.feed(chunk.toArray(), 0, chunk.size());
            });
        }

        @Override
        public void onRecord(RawRecord record) {
            if (!record.isPad()) {
                records.incrementAndGet();
            }
        }

        @Override
        public void onProblem(ScanProblem problem) {
            problems.incrementAndGet();
        }
    }

    /** 4 CPUs, 2,000 VOPs on one mount; its journal goes half duplex (no acks) into {@code counter}. */
    static SimulationOptions options(RecordCounter counter) {
        return SimulationOptions.defaults().withCpus(4).withOps(2_000)
                .withHalfDuplexTargets(mount -> JournalTargets.sink(counter.sink(), "record counter"));
    }

    @Test
    void theConsumerGetsTheWholeJournalAndTheSeedReplaysTheRun(KemuSeed seed) throws Exception {
        RecordCounter first = new RecordCounter();
        RecordCounter replay = new RecordCounter();
        DeterministicRun.Outcome<SimulationReport> run = seed.simulate(options(first));
        DeterministicRun.Outcome<SimulationReport> again = seed.simulate(options(replay));

        assertThat(run.failure()).isNull();
        assertThat(run.result().verified()).isTrue();
        assertThat(first.bytes.get()).isEqualTo(run.result().bytesSent());
        assertThat(first.records.get()).isPositive();
        assertThat(first.problems.get()).isZero();
        assertThat(again.traceSha256()).isEqualTo(run.traceSha256());
        assertThat(replay.records.get()).isEqualTo(first.records.get());
    }

    @Test
    void theSameConsumerWorksUnderAnotherThreadModel(KemuSeed seed) throws Exception {
        RecordCounter counter = new RecordCounter();
        SimulationReport report = Simulation.run(
                options(counter).withSeed(seed.value()).withThreadModel(ThreadModel.FORK_JOIN), progress -> { });

        assertThat(report.verified()).isTrue();
        assertThat(counter.bytes.get()).isEqualTo(report.bytesSent());
        assertThat(counter.records.get()).isPositive();
        assertThat(counter.problems.get()).isZero();
    }
}
