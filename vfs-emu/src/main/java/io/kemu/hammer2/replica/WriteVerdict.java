package io.kemu.hammer2.replica;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The outcome of planning a write: the per-node changes, or why there are none. */
public sealed interface WriteVerdict {

    /**
     * The write as resolution decided it: {@code writes} for the FEMOD nodes (it is acknowledged
     * once {@code requiredAcks} of them applied it), and {@code syncs} that bring the other
     * answering nodes (slaves, out-of-sync masters) to the new state once it is acknowledged.
     * Both iterate in node order (not {@code Map.copyOf}'s, which is salted per process): callers
     * send one message per entry, and a deterministic run must send them in the same order everywhere.
     */
    record Planned(long tid, Map<Integer, List<ChainWrite>> writes, Map<Integer, List<ChainWrite>> syncs,
                   int requiredAcks) implements WriteVerdict {
        public Planned {
            writes = Collections.unmodifiableMap(new TreeMap<>(writes));
            syncs = Collections.unmodifiableMap(new TreeMap<>(syncs));
            if (requiredAcks < 1 || requiredAcks > writes.size()) {
                throw new IllegalArgumentException(requiredAcks + " acks required from " + writes.size() + " nodes");
            }
        }
    }

    /** The cluster cannot take the write (no quorum, errored focus): nothing was changed. */
    record Refused(String reason) implements WriteVerdict {
    }

    /** The write makes no sense for the element (exists, missing, bad size): nothing was changed. */
    record Rejected(String reason) implements WriteVerdict {
    }
}
