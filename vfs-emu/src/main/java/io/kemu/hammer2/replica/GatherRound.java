package io.kemu.hammer2.replica;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The replies of one scatter/gather round, filed by node index - whatever order they arrive in.
 * Replies from nodes that were not asked, and second replies, are ignored. Everything read out
 * of a round is in node order, so what is decided from it does not depend on arrival order.
 */
public final class GatherRound<R> {
    private final Set<Integer> asked;
    private final TreeMap<Integer, R> replies = new TreeMap<>();

    public GatherRound(Set<Integer> asked) {
        // node order, not Set.copyOf's per-process salted order: a deterministic run iterates it
        this.asked = Collections.unmodifiableSet(new TreeSet<>(asked));
    }

    /** Files a reply; false when the node was not asked or already answered. */
    public boolean accept(int node, R reply) {
        if (!asked.contains(node) || replies.containsKey(node)) {
            return false;
        }
        replies.put(node, reply);
        return true;
    }

    /** The nodes this round waits for. */
    public Set<Integer> asked() {
        return asked;
    }

    public boolean complete() {
        return replies.size() == asked.size();
    }

    public Optional<R> replyOf(int node) {
        return Optional.ofNullable(replies.get(node));
    }

    /** The replies in node order. */
    public Map<Integer, R> replies() {
        return Collections.unmodifiableMap(replies);
    }

    /**
     * The node views of a fetch round over {@code nodes} nodes: answered, silent (asked, no
     * reply), or syncing (in {@code syncing}; never asked).
     */
    public static List<NodeView> views(GatherRound<FetchReply> round, int nodes, Set<Integer> syncing) {
        List<NodeView> views = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            Optional<FetchReply> reply = round.replyOf(i);
            if (reply.isPresent()) {
                views.add(new NodeView.Answered(reply.get()));
            } else if (syncing.contains(i)) {
                views.add(NodeView.Syncing.INSTANCE);
            } else {
                views.add(NodeView.Silent.INSTANCE);
            }
        }
        return views;
    }
}
