package io.kemu.actors.cluster;

import io.kemu.hammer2.replica.ChainWrite;
import java.util.List;

/**
 * Where a {@link ChainNodeActor} makes its store's changes durable before it answers: nowhere
 * (an in-process node whose store outlives the actor in memory) or an append-only log on disk
 * ({@code io.kemu.actors.cluster.remote.NodeLog}). Replaying every persisted list of writes, in
 * order, on a fresh {@code NodeStore} gives back the store.
 *
 * <p>{@link #persist} returns only once the writes are durable; it throws
 * {@link java.io.UncheckedIOException} when they cannot be, and the node then stops without
 * answering. It blocks on the disk: a node with a real disk runs on a blocking-I/O dispatcher.
 */
@FunctionalInterface
public interface NodeDisk {
    /** Keeps nothing: the store lives in memory only. */
    NodeDisk MEMORY = writes -> { };

    void persist(List<ChainWrite> writes);
}
