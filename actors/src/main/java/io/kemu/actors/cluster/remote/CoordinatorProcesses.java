package io.kemu.actors.cluster.remote;

import io.kemu.actors.cluster.ClusterSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVMs that may host the coordinator of a process cluster: {@code count} of them run
 * {@code kemu node --coordinator --nodes N --masters M --seed-nodes <seed> --port <port>
 * --exit-with-parent}, with the driver's {@code kemu.cluster} settings as system properties and
 * their output appended to {@code <root>/coordinator-j.log}. The oldest hosts the
 * {@link CoordinatorSingleton}; the others stand by. {@link #kill} SIGKILLs the JVM listening on a
 * port ({@code Process.destroyForcibly}) and starts a replacement in its slot on a new free port, so
 * a standby exists again for the next kill. Process starts and waits run on a thread of their own,
 * so the calling actor never blocks. {@link #close} kills all and waits; idempotent.
 */
public final class CoordinatorProcesses implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorProcesses.class);

    private final List<String> javaCommand;
    private final Path root;
    private final List<String> arguments;
    private final Process[] processes;
    private final int[] ports;
    private final ExecutorService worker = ChildProcesses.worker("kemu-coordinator-processes");
    private int started;
    private int kills;
    private boolean closed;

    /**
     * {@code javaCommand} as for {@link NodeProcesses}; the coordinator of {@code nodes} nodes, the
     * first {@code masters} of them masters, with {@code settings}, joining through {@code seed}.
     */
    public CoordinatorProcesses(List<String> javaCommand, Path root, String seed, int count, int nodes, int masters,
                                ClusterSettings settings) {
        this.javaCommand = new ArrayList<>(javaCommand);
        this.javaCommand.addAll(1, List.of(
                "-Dkemu.cluster.gather-timeout=" + settings.gatherTimeout().toMillis() + "ms",
                "-Dkemu.cluster.resync-interval=" + settings.resyncInterval().toMillis() + "ms",
                "-Dkemu.cluster.max-queued-operations=" + settings.maxQueuedOperations()));
        this.root = root;
        this.arguments = List.of("node", "--coordinator", "--nodes", Integer.toString(nodes), "--masters",
                Integer.toString(masters), "--seed-nodes", seed, "--exit-with-parent");
        this.processes = new Process[count];
        this.ports = new int[count];
    }

    /** Starts every coordinator JVM (in slot order: slot 0 is the oldest, the first host). */
    public void startAll() {
        for (int slot = 0; slot < processes.length; slot++) {
            final int s = slot;
            submit(() -> startNow(s));
        }
    }

    /** SIGKILLs the coordinator JVM listening on {@code port}, if any, and starts a replacement. */
    public synchronized void kill(int port) {
        for (int slot = 0; slot < processes.length; slot++) {
            Process process = processes[slot];
            if (ports[slot] == port && process != null && process.isAlive()) {
                process.destroyForcibly();
                kills++;
                log.debug("coordinator JVM {} (port {}) killed", process.pid(), port);
                final int s = slot;
                submit(() -> startNow(s));
                return;
            }
        }
        log.warn("no coordinator JVM on port {} to kill", port);
    }

    private synchronized void submit(Runnable task) {
        if (!closed) {
            worker.execute(task);
        }
    }

    private void startNow(int slot) {
        Process previous;
        synchronized (this) {
            previous = processes[slot];
        }
        try {
            if (!ChildProcesses.gone(previous)) {
                log.warn("coordinator JVM {} still alive after SIGKILL; not replacing it", previous.pid());
                return;
            }
            int port = NodeProcesses.freePort();
            List<String> command = new ArrayList<>(javaCommand);
            command.addAll(arguments);
            command.addAll(List.of("--port", Integer.toString(port)));
            synchronized (this) {
                if (!closed) {
                    processes[slot] = ChildProcesses.start(command, root.resolve("coordinator-" + slot + ".log"));
                    ports[slot] = port;
                    started++;
                }
            }
        } catch (IOException e) {
            log.error("coordinator JVM {} could not be started: {}", slot, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Coordinator JVMs started in all (first starts and replacements). */
    public synchronized int started() {
        return started;
    }

    public synchronized int kills() {
        return kills;
    }

    /** Kills every coordinator JVM and waits until each is gone; later requests are ignored. */
    @Override
    public void close() {
        List<Process> all;
        synchronized (this) {
            closed = true;
            all = ChildProcesses.present(processes);
        }
        worker.shutdownNow();
        ChildProcesses.killAll(all, "coordinator JVM", log);
    }
}
