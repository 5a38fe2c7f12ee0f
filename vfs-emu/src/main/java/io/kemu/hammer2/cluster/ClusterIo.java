package io.kemu.hammer2.cluster;

import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainReader;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The "cluster I/O" part of hammer2_cluster.c: rdata and wdata return the focus's data (only
 * universal data - never blockref tables - may be accessed this way), and load_async reads the
 * first validated copy.
 */
public final class ClusterIo {

    private ClusterIo() {
    }

    /** Mirrors hammer2_cluster_rdata(): the focus's data (the live array). */
    public static Outcome<byte[]> rdata(Cluster cluster) {
        return Outcome.trap(() -> {
            KernelPanic.check(cluster.focus() != null, KernelAssert.NO_FOCUS, "rdata without a focus");
            return cluster.focus().data();
        });
    }

    /** Mirrors hammer2_cluster_wdata(): the focus's data, only once the cluster is modified. */
    public static Outcome<byte[]> wdata(Cluster cluster) {
        return Outcome.trap(() -> {
            boolean modified = KernelPanic.unwrap(ClusterLocking.modified(cluster));
            KernelPanic.check(modified, KernelAssert.NOT_MODIFIED, "wdata of an unmodified cluster");
            return cluster.focus().data();
        });
    }

    /**
     * Mirrors hammer2_cluster_load_async(): completes with the first validated data. A slot whose
     * data is already resident is used at once (kemu counts a chain as validated when it has data
     * and no error); otherwise reads are issued from slot 0 on, one after the other, until one
     * validates. Completes with empty when no copy validates (the kernel's NULL callback).
     */
    public static CompletionStage<Optional<LoadedData>> loadAsync(Cluster cluster, ChainReader reader) {
        for (int i = 0; i < cluster.nchains(); i++) {
            Chain chain = cluster.chain(i);
            if (chain != null && chain.data() != null && chain.error() == 0) {
                return CompletableFuture.completedFuture(Optional.of(new LoadedData(i, chain.data())));
            }
        }
        return readFrom(cluster, reader, 0);
    }

    private static CompletionStage<Optional<LoadedData>> readFrom(Cluster cluster, ChainReader reader, int slot) {
        int i = slot;
        while (i < cluster.nchains() && cluster.chain(i) == null) {
            i++;
        }
        if (i >= cluster.nchains()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        int found = i;
        return reader.read(cluster.chain(found))
                .thenApply(data -> Optional.of(new LoadedData(found, data)))
                .exceptionallyCompose(failure -> readFrom(cluster, reader, found + 1));
    }
}
