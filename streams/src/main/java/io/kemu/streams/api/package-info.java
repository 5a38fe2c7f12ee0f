/**
 * The embedding API: {@code Kemu.get(system).mount("orders")} gives a {@link
 * io.kemu.streams.api.KemuMount} whose commands (install, execute, status, remove, unmount) answer
 * with {@link java.util.concurrent.CompletionStage}s of typed results, and fail with a {@link
 * io.kemu.streams.api.KemuException} carrying one clear line and the kernel's errno.
 * {@link io.kemu.streams.api.MountOptions} holds the defaults (limits, wall clock, this process's
 * credentials, timeout). Targets come from {@link io.kemu.streams.JournalTargets}.
 *
 * <p>Thread contract: every method may be called from any thread and never blocks; results arrive
 * on Akka's threads. The mount itself is confined to its actor, as in the rest of kemu.
 */
package io.kemu.streams.api;
