package io.kemu.cli.bench;

import java.lang.management.ManagementFactory;

/**
 * The CPU time this JVM has consumed so far, all threads together (JIT and GC included), from
 * {@code com.sun.management.OperatingSystemMXBean}: a run's cost is the difference of two readings.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** Nanoseconds of CPU time used by the process, or -1 where the JVM cannot tell. */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
