package io.kemu.actors.journal;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Flow;
import akka.util.ByteString;

/**
 * Where a journal's stream goes: the kernel's {@code jo->fp}. A target is a flow taking the journal's
 * bytes and emitting what the target sends back: 32-byte ack records for a full-duplex target,
 * nothing for a half-duplex one. It must backpressure (a slow target slows the writer) and complete
 * or fail when the target goes away. {@code connect()} is called once per writer, so a restart gets
 * a fresh connection. Factories for files and TCP live in the streams module.
 */
public interface JournalTarget {
    Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system);

    /** For logs and status: what the target is (a path, an address). */
    String description();
}
