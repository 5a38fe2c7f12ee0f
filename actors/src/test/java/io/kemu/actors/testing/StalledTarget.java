package io.kemu.actors.testing;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.kemu.actors.journal.JournalTarget;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A journal target that never asks for a byte and never acknowledges: behind it a journal must hold
 * still (its ring full, its producers parked or held back), never buffer without bound. Shared by
 * the actors' and the integration tests (through this module's test-jar).
 */
public final class StalledTarget implements JournalTarget {
    @Override
    public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
        return Flow.fromSinkAndSourceCoupled(Sink.fromSubscriber(new Subscriber<ByteString>() {
            @Override
            public void onSubscribe(Subscription subscription) {
            }

            @Override
            public void onNext(ByteString bytes) {
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onComplete() {
            }
        }), Source.<ByteString>maybe());
    }

    @Override
    public String description() {
        return "stalled";
    }
}
