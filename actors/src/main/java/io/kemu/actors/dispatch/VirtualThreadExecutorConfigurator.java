package io.kemu.actors.dispatch;

import akka.dispatch.DispatcherPrerequisites;
import akka.dispatch.ExecutorServiceConfigurator;
import akka.dispatch.ExecutorServiceFactory;
import com.typesafe.config.Config;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * An Akka dispatcher executor that runs each task on a new virtual thread (Java 21+). Named by class
 * in a dispatcher's {@code executor} setting; fails with a clear message on older JVMs.
 */
public final class VirtualThreadExecutorConfigurator extends ExecutorServiceConfigurator {
    public VirtualThreadExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        VirtualThreads.requireAvailable();
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        return new ExecutorServiceFactory() {
            @Override
            public ExecutorService createExecutorService() {
                return VirtualThreads.newExecutor();
            }
        };
    }
}
