package io.kemu.actors.cluster;

/**
 * Marks the messages between a {@link ClusterCoordinator} and its clients: the client requests and
 * fault commands of {@link CoordinatorProtocol}, {@link ClusterResult} and {@link ClusterStatus}.
 * They cross JVMs once the coordinator runs as a Cluster Singleton in a JVM of its own
 * ({@code kemu node --coordinator}); reference.conf binds this marker to Akka's
 * {@code jackson-cbor} serializer, as {@link NodeMessage} is.
 */
public interface CoordinatorMessage {
}
