package io.kemu.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.cluster.ClusterCoordinator;
import io.kemu.actors.cluster.CoordinatorProtocol;
import io.kemu.actors.cluster.ClusterStatus;
import io.kemu.actors.cluster.ClusterResult;
import io.kemu.actors.cluster.ClusterSettings;
import io.kemu.actors.cluster.SimulationSpec;
import io.kemu.actors.cluster.remote.ClusterMember;
import io.kemu.actors.cluster.remote.NodeProcesses;
import io.kemu.actors.cluster.remote.ProcessCluster;
import io.kemu.hammer2.cluster.Pfs;
import io.kemu.hammer2.replica.Mutation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Five chain nodes as {@code kemu node} JVMs (the test classpath), the coordinator in this JVM, on
 * 127.0.0.1: a seeded run with a SIGKILL loses nothing acknowledged; SIGKILLs of a minority (a
 * master; a master and a slave) keep every write acknowledged; with
 * a majority of the masters killed writes are refused with the reason and nothing changes; nodes
 * restarted on their stores replay them and are resynchronised. Every test is time-bounded and
 * checks that no node process outlives it.
 */
class NodeProcessesTest {
    private static final Logger log = LoggerFactory.getLogger(NodeProcessesTest.class);
    private static final long SEED = 5L;
    private static final Duration BOOT = Duration.ofSeconds(150);
    private static final Duration ANSWER = Duration.ofSeconds(20);

    @TempDir
    Path stores;

    @AfterEach
    void noNodeProcessOutlivesTheTest() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    private static Config base() {
        return ConfigFactory.parseString("kemu.cluster.gather-timeout = 1s").withFallback(ConfigFactory.load());
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aSeededRunOverProcessesSurvivesAKillAndLosesNothingAcknowledged() throws Exception {
        SimulationSpec spec = new SimulationSpec(5, 3, 300, 32, SEED, 0, 0, 0, 30, 1, 1);
        ProcessCluster.Outcome outcome = ProcessCluster.run(spec, ClusterSettings.from(base()), base(), stores,
                NodeProcesses.thisJavaCommand(), Duration.ofMinutes(5), () -> { });

        assertThat(outcome.failure()).as("seed %d", SEED).isNull();
        log.info("{}; {}", outcome.processLine(), outcome.report().lines());
        assertThat(outcome.report().inconsistencies()).as("seed %d", SEED).isEmpty();
        assertThat(outcome.report().passed()).isTrue();
        assertThat(outcome.report().acknowledged()).isPositive();
        assertThat(outcome.mostAlive()).isEqualTo(5);
        assertThat(outcome.kills()).isEqualTo(1);
        assertThat(outcome.restarts()).isEqualTo(1);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void minorityKillsKeepWritesGoingMajorityLossRefusesThemAndRestartedNodesResync() throws Exception {
        int port = NodeProcesses.freePort();
        String seed = "127.0.0.1:" + port;
        Config config = ClusterMember.config("127.0.0.1", port, List.of(seed), false, base());
        ActorTestKit kit = ActorTestKit.create(ClusterMember.SYSTEM_NAME, config);
        try (NodeProcesses processes = new NodeProcesses(NodeProcesses.thisJavaCommand(), stores, seed, 5)) {
            awaitSelfUp(kit);
            ActorRef<CoordinatorProtocol.Command> cluster = kit.spawn(ClusterCoordinator.create(
                    Pfs.mastersThenSlaves(3, 2), ClusterSettings.from(base()), processes));
            for (int i = 0; i < 5; i++) {
                processes.start(i);
            }
            awaitAllUp(kit, cluster);

            Map<Long, Long> acknowledged = new HashMap<>();
            writeAll(kit, cluster, acknowledged, true);

            cluster.tell(new CoordinatorProtocol.CrashNode(0));
            writeAll(kit, cluster, acknowledged, false);
            cluster.tell(new CoordinatorProtocol.RestartNode(0));
            awaitAllUp(kit, cluster);
            cluster.tell(new CoordinatorProtocol.CrashNode(2));
            cluster.tell(new CoordinatorProtocol.CrashNode(4));
            writeAll(kit, cluster, acknowledged, false);
            cluster.tell(new CoordinatorProtocol.RestartNode(2));
            cluster.tell(new CoordinatorProtocol.RestartNode(4));
            awaitAllUp(kit, cluster);

            cluster.tell(new CoordinatorProtocol.CrashNode(0));
            cluster.tell(new CoordinatorProtocol.CrashNode(1));
            for (long key = 0; key < 8; key++) {
                ClusterResult refused = ask(kit, cluster, new Mutation.Modify(key, new byte[2 * Mutation.MIN_BYTES]));
                assertThat(refused).isInstanceOf(ClusterResult.Refused.class);
                assertThat(((ClusterResult.Refused) refused).reason()).contains("no master quorum");
            }

            cluster.tell(new CoordinatorProtocol.RestartNode(0));
            cluster.tell(new CoordinatorProtocol.RestartNode(1));
            awaitAllUp(kit, cluster);
            for (Map.Entry<Long, Long> write : acknowledged.entrySet()) {
                TestProbe<ClusterResult> probe = kit.createTestProbe();
                cluster.tell(new CoordinatorProtocol.Read(write.getKey(), probe.getRef()));
                ClusterResult read = probe.receiveMessage(ANSWER);
                assertThat(read).isInstanceOf(ClusterResult.Found.class);
                assertThat(((ClusterResult.Found) read).tid()).isEqualTo(write.getValue());
            }
            assertThat(replayedChanges(stores.resolve("node-0.log"))).as("node 0 replayed its store").isPositive();
            assertThat(processes.kills()).isEqualTo(5);
            assertThat(processes.restarts()).isEqualTo(5);
        } finally {
            kit.shutdownTestKit();
        }
    }

    /** Creates (or modifies) keys 0..7; every write must be acknowledged; records the tids. */
    private static void writeAll(ActorTestKit kit, ActorRef<CoordinatorProtocol.Command> cluster,
                                 Map<Long, Long> acknowledged, boolean create) {
        for (long key = 0; key < 8; key++) {
            byte[] data = new byte[create ? Mutation.MIN_BYTES : 2 * Mutation.MIN_BYTES];
            ClusterResult result = ask(kit, cluster, create ? new Mutation.Create(key, data) : new Mutation.Modify(key, data));
            assertThat(result).as("write of key %d", key).isInstanceOf(ClusterResult.Acknowledged.class);
            acknowledged.put(key, ((ClusterResult.Acknowledged) result).tid());
        }
    }

    private static ClusterResult ask(ActorTestKit kit, ActorRef<CoordinatorProtocol.Command> cluster, Mutation write) {
        TestProbe<ClusterResult> probe = kit.createTestProbe();
        cluster.tell(new CoordinatorProtocol.Write(write, probe.getRef()));
        return probe.receiveMessage(ANSWER);
    }

    private static void awaitSelfUp(ActorTestKit kit) {
        kit.createTestProbe().awaitAssert(BOOT, Duration.ofMillis(100), () -> {
            assertThat(Cluster.get(kit.system()).selfMember().status()).isEqualTo(MemberStatus.up());
            return null;
        });
    }

    private static void awaitAllUp(ActorTestKit kit, ActorRef<CoordinatorProtocol.Command> cluster) {
        TestProbe<ClusterStatus> probe = kit.createTestProbe();
        probe.awaitAssert(BOOT, Duration.ofMillis(200), () -> {
            cluster.tell(new CoordinatorProtocol.GetStatus(probe.getRef()));
            ClusterStatus status = probe.receiveMessage(ANSWER);
            assertThat(status.allUp()).as("nodes %s", status.nodes()).isTrue();
            return status;
        });
    }

    /** The changes replayed by the last start of a node, from the line {@code kemu node} printed. */
    private static int replayedChanges(Path nodeLog) throws IOException {
        Matcher matcher = Pattern.compile("\\((\\d+) changes and").matcher(Files.readString(nodeLog));
        int last = -1;
        while (matcher.find()) {
            last = Integer.parseInt(matcher.group(1));
        }
        return last;
    }
}
