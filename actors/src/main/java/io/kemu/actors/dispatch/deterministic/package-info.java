/**
 * The deterministic thread model: a whole actor system (kemu's actors, Akka's internal ones,
 * stream stages) run on one driver thread by a {@link io.kemu.actors.dispatch.deterministic.DeterministicRuntime}
 * that picks the next runnable task with a PRNG seeded from the run's seed, and advances virtual
 * time to the next timer ({@link io.kemu.actors.dispatch.deterministic.VirtualTimeScheduler}) when
 * nothing is runnable. A {@link io.kemu.actors.dispatch.deterministic.TracingMailboxType} records
 * every delivered message into a {@link io.kemu.actors.dispatch.deterministic.Trace} whose SHA-256
 * identifies the run; {@link io.kemu.actors.dispatch.deterministic.DeterministicRun} runs a system
 * start to end. Its plain parts: {@code SeededWorkQueue} (the runnable work and the PRNG's pick),
 * {@code VirtualClock} (virtual time and pending timers), {@code ForeignWork} (what came from other
 * threads).
 *
 * <p>Threading: everything here is confined to the driver thread; a task submitted from any other
 * thread is counted as a determinism violation.
 */
package io.kemu.actors.dispatch.deterministic;
