package io.kemu.hammer2.chain;

import java.util.concurrent.CompletionStage;

/**
 * Asynchronous media reads of a chain's data, as hammer2_io_getblk() issues them for
 * hammer2_cluster_load_async(). The stage completes with the validated data, or exceptionally
 * when the read fails or does not validate.
 */
public interface ChainReader {
    CompletionStage<byte[]> read(Chain chain);
}
