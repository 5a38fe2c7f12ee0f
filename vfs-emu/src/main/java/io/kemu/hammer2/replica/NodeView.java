package io.kemu.hammer2.replica;

import io.kemu.hammer2.chain.ChainError;
import java.util.Objects;

/**
 * What the coordinator knows of one node for one operation: its answer, or why it has none. A
 * node without an answer takes part in resolution as an errored slot - {@link ChainError#IO} when
 * it was silent (down, partitioned or too slow), {@link ChainError#INCOMPLETE} while it is being
 * resynchronised - exactly as an errored chain does in the kernel.
 */
public sealed interface NodeView {

    /** The node answered in time. */
    record Answered(FetchReply reply) implements NodeView {
        public Answered {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** No answer in time: the node is down, partitioned or slow. */
    enum Silent implements NodeView {
        INSTANCE
    }

    /** The node is stale and being resynchronised: it is not asked. */
    enum Syncing implements NodeView {
        INSTANCE
    }

    /** The chain error the slot of a node without an answer carries. */
    static int errorOf(NodeView view) {
        return view instanceof Syncing ? ChainError.INCOMPLETE : ChainError.IO;
    }
}
