package io.kemu.actors.cluster;

import akka.actor.NoSerializationVerificationNeeded;

/**
 * What the {@link ClusterSimulation} driver receives: the coordinator's answers as {@link
 * CoordinatorLink} adapts them, and its own overdue timer. Driver-local, never serialized.
 */
public final class SimulationProtocol {
    private SimulationProtocol() {
    }

    public sealed interface Command extends NoSerializationVerificationNeeded {}

    record GotStatus(ClusterStatus status) implements Command {}

    /** The answer to request {@code seq} (-1: a told request; null result: the ask gave up). */
    record GotResult(long seq, ClusterResult result) implements Command {}

    /** An answer is overdue: poll the status, to see whether the coordinator moved. */
    enum Overdue implements Command { INSTANCE }
}
