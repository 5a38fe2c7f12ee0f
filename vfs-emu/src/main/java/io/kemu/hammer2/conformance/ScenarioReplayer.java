package io.kemu.hammer2.conformance;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.InodeDataDescriptor;
import io.kemu.hammer2.cluster.Cluster;
import io.kemu.hammer2.cluster.ClusterFlag;
import io.kemu.hammer2.cluster.ClusterLocking;
import io.kemu.hammer2.cluster.ClusterScan;
import io.kemu.hammer2.cluster.ClusterState;
import io.kemu.hammer2.cluster.ItemFlag;
import io.kemu.hammer2.cluster.Outcome;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.cluster.PfsType;
import io.kemu.hammer2.cluster.ScanStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Turns a {@link ClusterScenario} into the calls section 3 of {@code vectors/cluster/FORMAT.md}
 * describes - {@link ClusterLocking#resolve}, {@link ClusterScan#lookup} or {@link ClusterScan#next}
 * on clusters built from the scenario - and prints the outcome in the format of section 2.
 */
public final class ScenarioReplayer {
    private static final long KEY_BEG = 0L;
    private static final long KEY_END = -1L;

    private ScenarioReplayer() {
    }

    /** The expected-file lines this implementation produces for the scenario. */
    public static List<String> replay(ClusterScenario scenario) {
        List<PfsType> types = scenario.nodes().stream().map(ClusterScenario.Node::type).toList();
        Pfs pfs = new Pfs(types, scenario.nmasters());
        return switch (scenario.mode()) {
            case RESOLVE -> replayResolve(scenario, pfs);
            case LOOKUP -> replayLookup(scenario, pfs);
            case NEXT -> replayNext(scenario, pfs);
        };
    }

    private static List<String> replayResolve(ClusterScenario scenario, Pfs pfs) {
        Cluster cluster = new Cluster(pfs);
        cluster.setNchains(scenario.nodes().size());
        for (int i = 0; i < scenario.nodes().size(); i++) {
            ClusterScenario.Node node = scenario.nodes().get(i);
            if (node.chain()) {
                cluster.item(i).setChain(chainOf(i, node));
            }
            if (node.invalid()) {
                cluster.item(i).set(ItemFlag.INVALID);
            }
        }
        cluster.setFlags(scenario.preflags());
        if (scenario.focus() >= 0) {
            cluster.focusOn(scenario.focus());
        }
        Outcome<Cluster> outcome = ClusterLocking.resolve(cluster);
        return format(outcome, resolved -> resolved.snapshot(), true);
    }

    private static List<String> replayLookup(ClusterScenario scenario, Pfs pfs) {
        Cluster cparent = parentOf(scenario, pfs, ClusterScenario.Node::invalid);
        if (scenario.focus() >= 0) {
            cparent.focusOn(scenario.focus());
        }
        ClusterScan scan = new ClusterScan(new ScriptedChainScanner(answersOf(scenario)));
        Outcome<ScanStep> outcome = scan.lookup(cparent, KEY_END + 1, KEY_BEG, KEY_END, Set.of());
        return format(outcome, ScanStep::state, outcome instanceof Outcome.Done<ScanStep> done && done.value().found());
    }

    private static List<String> replayNext(ClusterScenario scenario, Pfs pfs) {
        Cluster cparent = parentOf(scenario, pfs, ClusterScenario.Node::parentInvalid);
        Cluster cluster = new Cluster(pfs);
        cluster.setNchains(scenario.nodes().size());
        for (int i = 0; i < scenario.nodes().size(); i++) {
            ClusterScenario.Node node = scenario.nodes().get(i);
            if (node.prev()) {
                Chain previous = new Chain(i, Blockref.of(node.btype(), 0L, 0), 0);
                previous.lock();
                cluster.item(i).setChain(previous);
            }
            if (node.invalid()) {
                cluster.item(i).set(ItemFlag.INVALID);
            }
        }
        cluster.setFlags(EnumSet.of(ClusterFlag.LOCKED));
        cluster.setFlags(scenario.preflags());
        ClusterScan scan = new ClusterScan(new ScriptedChainScanner(answersOf(scenario)));
        Outcome<ScanStep> outcome = scan.next(cparent, cluster, KEY_END + 1, KEY_BEG, KEY_END, Set.of());
        return format(outcome, ScanStep::state, outcome instanceof Outcome.Done<ScanStep> done && done.value().found());
    }

    /** A parent cluster of one inode chain per node, each item INVALID where {@code invalid} says. */
    private static Cluster parentOf(ClusterScenario scenario, Pfs pfs,
                                    Predicate<ClusterScenario.Node> invalid) {
        Cluster cparent = new Cluster(pfs);
        cparent.setNchains(scenario.nodes().size());
        for (int i = 0; i < scenario.nodes().size(); i++) {
            Chain parent = new Chain(i, Blockref.of(BrefType.INODE, 0L, Blockref.MAX_KEYBITS),
                    InodeDataDescriptor.INODE_BYTES);
            parent.lock();
            cparent.item(i).setChain(parent);
            if (invalid.test(scenario.nodes().get(i))) {
                cparent.item(i).set(ItemFlag.INVALID);
            }
        }
        cparent.setFlags(EnumSet.of(ClusterFlag.LOCKED));
        return cparent;
    }

    private static List<Chain> answersOf(ClusterScenario scenario) {
        Chain[] answers = new Chain[scenario.nodes().size()];
        for (int i = 0; i < answers.length; i++) {
            ClusterScenario.Node node = scenario.nodes().get(i);
            answers[i] = node.chain() ? chainOf(i, node) : null;
        }
        return Arrays.asList(answers);
    }

    private static Chain chainOf(int index, ClusterScenario.Node node) {
        Chain chain = new Chain(index,
                new Blockref(node.btype(), node.key(), node.keybits(), node.modifyTid(), 0, 0), (int) node.bytes());
        chain.setError(node.error());
        return chain;
    }

    private static <T> List<String> format(Outcome<T> outcome, Function<T, ClusterState> state,
                                           boolean returnsCluster) {
        List<String> lines = new ArrayList<>();
        if (outcome instanceof Outcome.Asserted<T> asserted) {
            lines.add("result ASSERT " + asserted.reason().name());
            return lines;
        }
        ClusterState s = state.apply(outcome.orElseThrow());
        lines.add("result OK");
        lines.add("returns " + (returnsCluster ? "CLUSTER" : "NULL"));
        lines.add("focus " + s.focusIndex());
        lines.add("error " + s.error());
        lines.add("ddflag " + (s.ddflag() ? 1 : 0));
        String flags = ClusterFlag.REPORTED.stream().filter(s.flags()::contains)
                .map(Enum::name).collect(Collectors.joining(" "));
        lines.add("flags " + (flags.isEmpty() ? "-" : flags));
        for (int i = 0; i < s.items().size(); i++) {
            Set<ItemFlag> item = s.items().get(i);
            List<String> names = new ArrayList<>();
            if (item.contains(ItemFlag.FEMOD)) {
                names.add("FEMOD");
            }
            if (item.contains(ItemFlag.INVALID)) {
                names.add("INVALID");
            }
            lines.add("item " + i + " " + (names.isEmpty() ? "-" : String.join(" ", names)));
        }
        return lines;
    }
}
