package io.kemu.actors.cluster.remote;

import io.kemu.actors.cluster.NodeLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kemu node} processes of one cluster: node {@code i} runs as
 * {@code <java> <jvm flags> -cp <classpath> io.kemu.cli.KemuCommand node --index i --store
 * <root>/node-i --seed-nodes <seed> --port <port> --exit-with-parent}, its output appended to
 * {@code <root>/node-i.log}. {@link #kill} is SIGKILL ({@code Process.destroyForcibly}). Every
 * incarnation listens on a port free on 127.0.0.1 at its start, so a restarted node is a new
 * cluster member and never waits for its killed predecessor to be removed.
 *
 * <p>Requests run in order on one thread of their own, so callers (the coordinator actor) never
 * block; a start waits for the node's previous process to be gone (its port is free again).
 * A process that exits on its own (its member was downed, its disk failed) is restarted.
 * {@link #close} kills every process and waits for them; it is safe from a shutdown hook and
 * idempotent. Counters: processes started in all, kills, restarts, most alive at once.
 */
public final class NodeProcesses implements NodeLauncher, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeProcesses.class);

    private final List<String> javaCommand;
    private final Path storeRoot;
    private final String seed;
    private final Process[] processes;
    private final boolean[] killed;
    private final ExecutorService worker = ChildProcesses.worker("kemu-node-processes");
    private int started;
    private int kills;
    private int restarts;
    private int mostAlive;
    private boolean closed;

    /**
     * {@code javaCommand}: the java binary, JVM flags, {@code -cp} and the classpath and the main
     * class; node i (of {@code nodes}) has its store in {@code storeRoot/node-i} and joins through
     * {@code seed} (HOST:PORT).
     */
    public NodeProcesses(List<String> javaCommand, Path storeRoot, String seed, int nodes) {
        this.javaCommand = List.copyOf(javaCommand);
        this.storeRoot = storeRoot;
        this.seed = seed;
        this.processes = new Process[nodes];
        this.killed = new boolean[nodes];
    }

    /** A port free on 127.0.0.1 right now (the process binds it moments later). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** The command that runs this JVM's own classpath's {@code io.kemu.cli.KemuCommand} with small heaps. */
    public static List<String> thisJavaCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.kemu.cli.KemuCommand");
    }

    /** Node {@code node}'s store directory. */
    public Path storeOf(int node) {
        return storeRoot.resolve("node-" + node);
    }

    @Override
    public void start(int node) {
        submit(() -> startNow(node));
    }

    @Override
    public void kill(int node) {
        submit(() -> killNow(node));
    }

    private synchronized void submit(Runnable task) {
        if (!closed) {
            worker.execute(task);
        }
    }

    private void startNow(int node) {
        Process previous;
        synchronized (this) {
            previous = processes[node];
            if (closed || previous != null && previous.isAlive() && !killed[node]) {
                return;
            }
        }
        try {
            if (!ChildProcesses.gone(previous)) {
                log.warn("node {} process {} still alive after SIGKILL; not restarting it", node, previous.pid());
                return;
            }
            List<String> command = new ArrayList<>(javaCommand);
            command.addAll(List.of("node", "--index", Integer.toString(node), "--store", storeOf(node).toString(),
                    "--seed-nodes", seed, "--port", Integer.toString(freePort()), "--exit-with-parent"));
            synchronized (this) {
                if (closed) {
                    return;
                }
                Process process = ChildProcesses.start(command, storeRoot.resolve("node-" + node + ".log"));
                processes[node] = process;
                killed[node] = false;
                process.onExit().thenRun(() -> onExit(node, process));
                started++;
                restarts += previous != null ? 1 : 0;
                mostAlive = Math.max(mostAlive, alive());
                log.debug("node {} started as process {}", node, processes[node].pid());
            }
        } catch (IOException e) {
            log.error("node {} could not be started: {}", node, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A node process that ended without being killed (downed by the cluster, a failed disk) is
     * started again on its store, as a supervisor would.
     */
    private void onExit(int node, Process process) {
        synchronized (this) {
            if (closed || killed[node] || processes[node] != process) {
                return;
            }
            killed[node] = true;
        }
        log.warn("node {} process {} exited with status {}; restarting it", node, process.pid(), process.exitValue());
        start(node);
    }

    private synchronized void killNow(int node) {
        Process process = processes[node];
        if (process != null && process.isAlive() && !killed[node]) {
            process.destroyForcibly();
            killed[node] = true;
            kills++;
            log.debug("node {} process {} killed", node, process.pid());
        }
    }

    private int alive() {
        int alive = 0;
        for (Process process : processes) {
            alive += process != null && process.isAlive() ? 1 : 0;
        }
        return alive;
    }

    /** Processes started in all (first starts and restarts). */
    public synchronized int started() {
        return started;
    }

    public synchronized int kills() {
        return kills;
    }

    public synchronized int restarts() {
        return restarts;
    }

    /** The most node processes alive at once, as seen when each was started. */
    public synchronized int mostAlive() {
        return mostAlive;
    }

    /** Kills every node process and waits until each is gone; later requests are ignored. */
    @Override
    public void close() {
        List<Process> all;
        synchronized (this) {
            closed = true;
            all = ChildProcesses.present(processes);
        }
        worker.shutdownNow();
        ChildProcesses.killAll(all, "node process", log);
        try {
            worker.awaitTermination(ChildProcesses.EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
