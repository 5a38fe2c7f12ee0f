package io.kemu.actors.journal;

import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.stream.OverflowStrategy;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.stream.javadsl.SourceQueueWithComplete;
import akka.stream.testkit.TestSubscriber;
import akka.stream.testkit.javadsl.TestSink;
import akka.util.ByteString;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * In-process journal targets for tests. Each {@code connect} records a {@link Connection}: a probe
 * that controls demand and sees every chunk, and a queue through which the test sends bytes back.
 */
final class TestTargets {
    record Connection(TestSubscriber.Probe<ByteString> received, SourceQueueWithComplete<ByteString> returns) {}

    static final class Probed implements JournalTarget {
        final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
        private final String name;

        Probed(String name) {
            this.name = name;
        }

        @Override
        public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
            final Sink<ByteString, TestSubscriber.Probe<ByteString>> sink = TestSink.probe(system.classicSystem());
            final Source<ByteString, SourceQueueWithComplete<ByteString>> back = Source.queue(64, OverflowStrategy.fail());
            return Flow.fromSinkAndSourceCoupledMat(sink, back, Keep.both())
                    .mapMaterializedValue((Pair<TestSubscriber.Probe<ByteString>, SourceQueueWithComplete<ByteString>> p) -> {
                        connections.add(new Connection(p.first(), p.second()));
                        return p;
                    });
        }

        @Override
        public String description() {
            return "probe " + name;
        }
    }

    private TestTargets() {
    }
}
