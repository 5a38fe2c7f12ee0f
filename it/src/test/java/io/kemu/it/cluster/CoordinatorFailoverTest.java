package io.kemu.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.cluster.ClusterSettings;
import io.kemu.actors.cluster.SimulationReport;
import io.kemu.actors.cluster.SimulationSpec;
import io.kemu.actors.cluster.remote.NodeProcesses;
import io.kemu.actors.cluster.remote.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator as a Cluster Singleton: five {@code kemu node} JVMs and two
 * {@code kemu node --coordinator} JVMs on the test classpath, every JVM with
 * {@code akka.actor.serialize-messages = on}. The JVM hosting the coordinator is SIGKILLed right after
 * an operation was sent to it; the singleton moves to the standby JVM, whose new coordinator finds
 * the nodes, resynchronises them and serves the rest of the seeded run: the operation in flight is
 * indeterminate, writes are acknowledged again after the move, and every acknowledged write reads
 * back with its tid. Time-bounded; no child process outlives it.
 */
class CoordinatorFailoverTest {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorFailoverTest.class);
    private static final long SEED = 7L;

    @TempDir
    Path stores;

    @AfterEach
    void noChildProcessOutlivesTheTest() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    private static Config base() {
        return ConfigFactory.parseString("kemu.cluster.gather-timeout = 1s\nakka.actor.serialize-messages = on")
                .withFallback(ConfigFactory.load());
    }

    /** This JVM's classpath, each child JVM verifying that every message it sends serializes. */
    private static List<String> javaCommand() {
        List<String> command = new ArrayList<>(NodeProcesses.thisJavaCommand());
        command.add(1, "-Dakka.actor.serialize-messages=on");
        return command;
    }

    /** The last lines of every child JVM's output, to see why a run did not finish. */
    private void logTails() throws IOException {
        try (Stream<Path> logs = Files.list(stores)) {
            for (Path file : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                log.warn("{}:\n{}", file.getFileName(), String.join("\n", lines.subList(Math.max(0, lines.size() - 15),
                        lines.size())));
            }
        }
    }

    @Test
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    void killingTheCoordinatorsJvmMovesItAndLosesNothingAcknowledged() throws Exception {
        SimulationSpec spec = new SimulationSpec(5, 3, 160, 32, SEED, 0, 0, 0, 30, 1, 0, 1);
        ProcessCluster.Outcome outcome = ProcessCluster.run(spec, ClusterSettings.from(base()), base(), stores,
                javaCommand(), Duration.ofMinutes(6), () -> { });

        if (outcome.failure() != null) {
            logTails();
        }
        assertThat(outcome.failure()).as("seed %d", SEED).isNull();
        SimulationReport report = outcome.report();
        log.info("{}; {}", outcome.processLine(), report.lines());
        assertThat(report.inconsistencies()).as("seed %d", SEED).isEmpty();
        assertThat(report.passed()).as(String.join("\n", report.lines())).isTrue();
        assertThat(outcome.coordinatorKills()).isEqualTo(1);
        assertThat(report.coordinatorKills()).isEqualTo(1);
        assertThat(report.coordinatorMoves()).as("the singleton moved").isPositive();
        assertThat(report.acknowledgedAfterMove()).as("writes acknowledged by the new coordinator").isPositive();
        assertThat(outcome.mostAlive()).isEqualTo(5);
        assertThat(outcome.kills()).isZero();
        assertThat(outcome.coordinatorsStarted()).as("two at boot, one replacing the killed one").isEqualTo(3);
    }
}
