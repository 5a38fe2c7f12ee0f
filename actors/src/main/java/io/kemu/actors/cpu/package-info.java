/**
 * Simulated CPUs: {@link io.kemu.actors.cpu.CpuActor} is a process issuing VOPs on a mount, one batch
 * at a time, asleep (waiting for the reply) while its journals' rings are full, as a process asleep in
 * {@code journal_reserve}.
 *
 * <p>Threading: one actor per simulated CPU; its progress counter is shared with the driver
 * (a {@code LongAdder}).
 */
package io.kemu.actors.cpu;
