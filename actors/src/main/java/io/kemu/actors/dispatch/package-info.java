/**
 * Thread models: the dispatchers the actors run on ({@link io.kemu.actors.dispatch.ThreadModel}:
 * fork-join, thread pool, pinned, an LWKT-like one thread per CPU, uniprocessor, virtual threads on
 * Java 21+), standing in for the kernel's LWKT scheduling. The rules do not know which model runs them.
 *
 * <p>Threading: configuration only; the dispatchers are Akka's.
 */
package io.kemu.actors.dispatch;
