package io.kemu.streams;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AckFlowsTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void encodedAcksDecodeBackAcrossArbitraryChunking() throws Exception {
        final ByteString all = Source.from(List.of(5L, 9L, 1L << 60))
                .via(AckFlows.encoder())
                .runFold(ByteString.emptyByteString(), ByteString::concat, testKit.system())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        final List<Long> decoded = Source.from(List.of(all.slice(0, 7), all.slice(7, 70), all.slice(70, all.size())))
                .via(AckFlows.decoder())
                .runWith(Sink.seq(), testKit.system())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(decoded).containsExactly(5L, 9L, 1L << 60);
    }

    @Test
    void aRecordThatIsNotAnAckFailsTheStream() {
        final var result = Source.single(ByteString.fromArray(new byte[32]))
                .via(AckFlows.decoder())
                .runWith(Sink.seq(), testKit.system())
                .toCompletableFuture();
        assertThat(result).failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(AckFlows.MalformedAckStreamException.class);
    }
}
