package io.kemu.actors.dispatch.deterministic;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.dispatch.Envelope;
import akka.dispatch.MailboxType;
import akka.dispatch.MessageQueue;
import akka.dispatch.ProducesMessageQueue;
import akka.dispatch.UnboundedMessageQueueSemantics;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.regex.Pattern;
import scala.Option;

/**
 * The default mailbox under {@code kemu.thread-model = deterministic}: an unbounded FIFO that tells
 * the {@link DeterministicRuntime} of each message as the actor takes it, so the run's
 * {@link Trace} is the sequence of (virtual time, receiver, message type) actually processed. This
 * is the trace hook (a mailbox-level one): it sees every actor on the default mailboxes (classic and
 * typed), kemu's and
 * Akka's (stream stages' actors included), without changing any behavior. Actors on other mailboxes
 * (Akka's logger, control-aware system actors) run deterministically too but are not traced.
 */
public final class TracingMailboxType implements MailboxType, ProducesMessageQueue<TracingMailboxType.TracingQueue> {
    private static final Pattern SYSTEM_COUNTER = Pattern.compile("-\\d+(?=/|$)");

    private final DeterministicRuntime runtime;

    public TracingMailboxType(ActorSystem.Settings settings, Config config) {
        this.runtime = DeterministicRuntime.of(settings.config());
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        return new TracingQueue(runtime, owner.isDefined() ? stablePath(owner.get().path().toStringWithoutAddress()) : "?");
    }

    /**
     * The receiver as traced: its path, with the JVM-wide counters Akka puts in some system actors'
     * names ({@code /system/eventStreamUnsubscriber-3}) cut, so two runs in one JVM trace alike.
     */
    static String stablePath(String path) {
        return path.startsWith("/system/") ? SYSTEM_COUNTER.matcher(path).replaceAll("") : path;
    }

    /**
     * One actor's queue. Under a deterministic run only the driver thread touches it; the locks only
     * keep a stray sender on another thread (counted as a violation by the runtime) from corrupting it.
     */
    public static final class TracingQueue implements MessageQueue, UnboundedMessageQueueSemantics {
        private final DeterministicRuntime runtime;
        private final String receiver;
        private final byte[] receiverUtf8;
        private final ArrayDeque<Envelope> queue = new ArrayDeque<>();

        TracingQueue(DeterministicRuntime runtime, String receiver) {
            this.runtime = runtime;
            this.receiver = receiver;
            this.receiverUtf8 = receiver.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void enqueue(ActorRef receiver, Envelope handle) {
            runtime.checkSender();
            queue.add(handle);
        }

        @Override
        public synchronized Envelope dequeue() {
            final Envelope next = queue.poll();
            if (next != null) {
                runtime.delivered(receiver, receiverUtf8, next.message());
            }
            return next;
        }

        @Override
        public synchronized int numberOfMessages() {
            return queue.size();
        }

        @Override
        public synchronized boolean hasMessages() {
            return !queue.isEmpty();
        }

        @Override
        public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
            Envelope next;
            while ((next = pollQuietly()) != null) {
                deadLetters.enqueue(owner, next);
            }
        }

        private synchronized Envelope pollQuietly() {
            return queue.poll();
        }
    }
}
