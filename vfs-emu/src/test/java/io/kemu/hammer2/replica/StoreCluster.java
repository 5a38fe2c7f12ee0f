package io.kemu.hammer2.replica;

import io.kemu.hammer2.cluster.Pfs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** N node stores driven directly (no actors): fetch, plan, apply - the coordinator's loop in miniature. */
final class StoreCluster {
    final Pfs pfs;
    final List<NodeStore> stores = new ArrayList<>();
    final QuorumPlanner planner;
    long tid = NodeStore.INITIAL_TID;

    StoreCluster(Pfs pfs) {
        this.pfs = pfs;
        for (int i = 0; i < pfs.slots(); i++) {
            stores.add(new NodeStore(i));
        }
        this.planner = new QuorumPlanner(pfs);
    }

    List<NodeView> views(long key, Set<Integer> silent) {
        List<NodeView> views = new ArrayList<>();
        for (int i = 0; i < stores.size(); i++) {
            views.add(silent.contains(i) ? NodeView.Silent.INSTANCE : new NodeView.Answered(stores.get(i).fetch(key)));
        }
        return views;
    }

    WriteVerdict write(Mutation mutation, Set<Integer> silent) {
        WriteVerdict verdict = planner.plan(mutation, ++tid, views(mutation.key(), silent));
        if (verdict instanceof WriteVerdict.Planned planned) {
            planned.writes().forEach((node, writes) -> stores.get(node).apply(writes));
            planned.syncs().forEach((node, writes) -> stores.get(node).install(writes));
        }
        return verdict;
    }

    ReadVerdict read(long key, Set<Integer> silent) {
        return planner.read(key, views(key, silent));
    }

    Map<Integer, List<ChainImage>> dumps(Set<Integer> nodes) {
        Map<Integer, List<ChainImage>> out = new HashMap<>();
        for (int node : nodes) {
            out.put(node, stores.get(node).dump());
        }
        return out;
    }

    static byte[] data(int size, int fill) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) fill);
        return data;
    }
}
