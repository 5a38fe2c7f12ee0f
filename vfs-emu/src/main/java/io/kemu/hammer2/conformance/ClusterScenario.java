package io.kemu.hammer2.conformance;

import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.cluster.ClusterFlag;
import io.kemu.hammer2.cluster.PfsType;
import java.util.List;
import java.util.Set;

/**
 * A parsed cluster vector scenario ({@code NAME.in}): the mode, {@code pfs_nmasters}, the focus
 * slot (-1 for none), the flags set beforehand and one {@link Node} per slot.
 */
public record ClusterScenario(Mode mode, int nmasters, int focus, Set<ClusterFlag> preflags, List<Node> nodes) {

    /** Which kernel function the scenario drives. */
    public enum Mode {
        RESOLVE, LOOKUP, NEXT
    }

    /**
     * One slot: its PFS type and the chain the slot holds or the node's lookup returns
     * ({@code chain} false for none), with the chain's modify_tid (unsigned), error, bref type,
     * key (unsigned), keybits and size (unsigned 32-bit, held in a long); {@code invalid} is the
     * item flag the mode assigns it to; {@code prev}/{@code parentInvalid} are for next mode only.
     */
    public record Node(PfsType type, boolean chain, long modifyTid, int error, boolean invalid, BrefType btype,
                       long key, int keybits, long bytes, boolean prev, boolean parentInvalid) {
    }

    public ClusterScenario {
        preflags = Set.copyOf(preflags);
        nodes = List.copyOf(nodes);
    }
}
