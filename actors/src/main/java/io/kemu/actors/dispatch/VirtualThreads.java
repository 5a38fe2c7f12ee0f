package io.kemu.actors.dispatch;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads without compiling against Java 21: {@code Executors.newVirtualThreadPerTaskExecutor}
 * is looked up by reflection, so kemu builds on Java 17 and the {@code virtual} thread model works
 * when it runs on 21 or later.
 */
final class VirtualThreads {
    private VirtualThreads() {
    }

    static void requireAvailable() {
        factory();
    }

    static ExecutorService newExecutor() {
        try {
            return (ExecutorService) factory().invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not create a virtual-thread executor", e);
        }
    }

    private static Method factory() {
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            throw new ThreadModelUnavailableException("the 'virtual' thread model needs Java 21 or later; this JVM is "
                    + System.getProperty("java.version") + " (run kemu with a newer JAVA_HOME)");
        }
    }
}
