package io.kemu.hammer2.replica;

import java.util.Objects;

/**
 * One change to a node's stored chains, as the coordinator ships it: replace the PFS root, store
 * a child image at its key, or remove the child at a key. Produced by {@link QuorumPlanner} (the
 * FEMOD nodes' part of a write and the slaves' synchronization) and {@link ResyncPlanner}.
 */
public sealed interface ChainWrite {

    /** Replace the root chain's bref and data with {@code image}. */
    record PutRoot(ChainImage image) implements ChainWrite {
        public PutRoot {
            Objects.requireNonNull(image, "image");
        }
    }

    /** Store {@code image} as the root's child at {@code image.key()}, replacing any there. */
    record Put(ChainImage image) implements ChainWrite {
        public Put {
            Objects.requireNonNull(image, "image");
        }
    }

    /** Remove the root's child at {@code key}, if any. */
    record Remove(long key) implements ChainWrite {
    }
}
