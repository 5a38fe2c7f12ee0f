package io.kemu.actors.cluster;

/**
 * Marks the messages that cross JVMs: the {@link ChainNodeActor} protocol (requests, fault
 * injections and replies). reference.conf binds it to Akka's {@code jackson-cbor} serializer, and
 * {@code io.kemu.actors.cluster.remote.NodeJacksonModule} teaches Jackson the kernel types they
 * carry ({@code ChainWrite}'s cases). Everything else of the cluster actors stays inside the
 * coordinator's JVM.
 */
public interface NodeMessage {
}
