package io.kemu.cli.bench;

import io.kemu.actors.dispatch.ThreadModel;

/**
 * A workload {@code kemu bench thread-models} runs once per thread model. Each run builds its own
 * actor system under the model and tears it down before the next one starts, so runs do not share
 * threads. A new kind of workload (the HAMMER2 cluster, once it has a simulation driver) is one more
 * implementation added to the command's list.
 */
public interface ThreadModelWorkload {
    /** A short name for the table and the chart ("journal"). */
    String name();

    /** One line saying what the workload does and how big it is. */
    String description();

    /** Runs the workload under {@code model}, which is available on this JVM. */
    ModelRun run(ThreadModel model) throws Exception;
}
