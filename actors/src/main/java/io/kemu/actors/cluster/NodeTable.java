package io.kemu.actors.cluster;

import akka.actor.typed.ActorRef;
import io.kemu.hammer2.replica.NodeStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The coordinator's view of its nodes: each node's state (UP, DOWN, STALE), its running actor (none
 * while DOWN), its store (the node's disk, kept across restarts) and which stale nodes' resyncs
 * were postponed since the last resync tick. Plain and single-threaded: only
 * {@link ClusterCoordinator} calls it.
 *
 * <p>Invariant: a node has a running actor exactly when it is not DOWN.
 */
final class NodeTable {
    private final List<NodeStore> stores = new ArrayList<>();
    private final List<ActorRef<ChainNodeActor.Command>> refs = new ArrayList<>();
    private final NodeState[] states;
    private final Set<Integer> resyncPostponed = new HashSet<>();
    private long resyncs;

    NodeTable(int slots) {
        states = new NodeState[slots];
        for (int i = 0; i < slots; i++) {
            stores.add(new NodeStore(i));
            refs.add(null);
            states[i] = NodeState.DOWN;
        }
    }

    int size() {
        return states.length;
    }

    NodeStore store(int node) {
        return stores.get(node);
    }

    NodeState state(int node) {
        return states[node];
    }

    /** Whether {@code node} names a node with a running actor. */
    boolean isRunning(int node) {
        return node >= 0 && node < states.length && refs.get(node) != null;
    }

    ActorRef<ChainNodeActor.Command> ref(int node) {
        return refs.get(node);
    }

    /** {@code node}'s actor {@code ref} runs; the node is {@code state} (UP at boot, STALE after a restart). */
    void started(int node, ActorRef<ChainNodeActor.Command> ref, NodeState state) {
        refs.set(node, ref);
        states[node] = state;
    }

    void down(int node) {
        states[node] = NodeState.DOWN;
        refs.set(node, null);
    }

    /** The UP ones of {@code nodes} become STALE; returns those that did. */
    Set<Integer> markStale(Set<Integer> nodes) {
        final Set<Integer> marked = new TreeSet<>();
        for (int node : nodes) {
            if (states[node] == NodeState.UP) {
                states[node] = NodeState.STALE;
                marked.add(node);
            }
        }
        return marked;
    }

    /** A resync of {@code node} succeeded: a stale node is UP again; false if it no longer was stale. */
    boolean resynced(int node) {
        if (states[node] != NodeState.STALE) {
            return false;
        }
        states[node] = NodeState.UP;
        resyncPostponed.clear();
        resyncs++;
        return true;
    }

    /** How many stale nodes came back UP by a resync. */
    long resyncs() {
        return resyncs;
    }

    /** A resync of {@code node} failed: others are tried first until the next tick. */
    void postpone(int node) {
        resyncPostponed.add(node);
    }

    /** A resync tick, or a node back: every stale node may be tried again. */
    void retryAll() {
        resyncPostponed.clear();
    }

    /** The nodes in {@code state}, with their actors. */
    Map<Integer, ActorRef<ChainNodeActor.Command>> in(NodeState state) {
        final Map<Integer, ActorRef<ChainNodeActor.Command>> out = new HashMap<>();
        for (int i = 0; i < states.length; i++) {
            if (states[i] == state) {
                out.put(i, refs.get(i));
            }
        }
        return out;
    }

    /** The nodes alive (UP or STALE), with their actors. */
    Map<Integer, ActorRef<ChainNodeActor.Command>> running() {
        final Map<Integer, ActorRef<ChainNodeActor.Command>> out = in(NodeState.UP);
        out.putAll(in(NodeState.STALE));
        return out;
    }

    /** The lowest stale node whose resync was not postponed since the last tick, or -1. */
    int nextResyncTarget() {
        for (int i = 0; i < states.length; i++) {
            if (states[i] == NodeState.STALE && !resyncPostponed.contains(i)) {
                return i;
            }
        }
        return -1;
    }

    List<NodeState> states() {
        return List.of(states.clone());
    }

    List<ActorRef<ChainNodeActor.Command>> refs() {
        return new ArrayList<>(refs);
    }
}
