package io.kemu.actors.cluster.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * What {@link NodeProcesses} and {@link CoordinatorProcesses} both do with their child JVMs: start
 * one with its output appended to a log file, wait for a killed one to be gone, kill them all and
 * wait. Their starts and waits run on a daemon thread of their own ({@link #worker}), so the actors
 * that ask for them never block. Waits are bounded ({@link #EXIT_WAIT_SECONDS}).
 */
final class ChildProcesses {
    /** How long a SIGKILLed process may take to be gone. */
    static final long EXIT_WAIT_SECONDS = 10;

    private ChildProcesses() {
    }

    /** A single daemon thread named {@code name} for the starts and waits. */
    static ExecutorService worker(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts {@code command}, its output and errors appended to {@code logFile}. */
    static Process start(List<String> command, Path logFile) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    }

    /** True when {@code previous} is null or has exited, waiting for it at most {@link #EXIT_WAIT_SECONDS}. */
    static boolean gone(Process previous) throws InterruptedException {
        return previous == null || previous.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The processes of {@code slots} that were started (a copy: the caller holds the lock that guards them). */
    static List<Process> present(Process[] slots) {
        List<Process> all = new java.util.ArrayList<>();
        for (Process process : slots) {
            if (process != null) {
                all.add(process);
            }
        }
        return all;
    }

    /** SIGKILLs every process of {@code all} and waits for each; an interrupt ends the wait (and is kept). */
    static void killAll(List<Process> all, String what, Logger log) {
        all.forEach(Process::destroyForcibly);
        for (Process process : all) {
            try {
                if (!gone(process)) {
                    log.warn("{} {} did not exit", what, process.pid());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
