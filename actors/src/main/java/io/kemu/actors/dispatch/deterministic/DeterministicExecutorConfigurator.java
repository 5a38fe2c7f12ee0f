package io.kemu.actors.dispatch.deterministic;

import akka.dispatch.DispatcherPrerequisites;
import akka.dispatch.ExecutorServiceConfigurator;
import akka.dispatch.ExecutorServiceFactory;
import com.typesafe.config.Config;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The executor of every dispatcher under {@code kemu.thread-model = deterministic}: it starts no
 * thread; each task goes to the {@link DeterministicRuntime} named by the actor system's
 * configuration, which runs it on the driver thread when the PRNG picks it.
 */
public final class DeterministicExecutorConfigurator extends ExecutorServiceConfigurator {
    private final DeterministicRuntime runtime;

    public DeterministicExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        this.runtime = DeterministicRuntime.of(prerequisites.settings().config());
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        return () -> new RuntimeExecutor(runtime);
    }

    /** Submits to the runtime; shutting down only stops accepting work (nothing to wait for). */
    private static final class RuntimeExecutor extends AbstractExecutorService {
        private final DeterministicRuntime runtime;
        private boolean shutdown;

        RuntimeExecutor(DeterministicRuntime runtime) {
            this.runtime = runtime;
        }

        @Override
        public void execute(Runnable command) {
            runtime.submit(command);
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return shutdown;
        }
    }
}
