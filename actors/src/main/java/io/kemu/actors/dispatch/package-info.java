/**
 * Thread models: the dispatchers the actors run on ({@link io.kemu.actors.dispatch.ThreadModel}:
 * fork-join, thread pool, pinned, an LWKT-like one thread per CPU, uniprocessor, virtual threads on
 * Java 21+, and deterministic - see the {@code deterministic} subpackage), standing in for the
 * kernel's LWKT scheduling. The rules do not know which model runs them.
 *
 * <p>Threading: configuration only; the dispatchers are Akka's, except under the deterministic
 * model, whose executor and scheduler are kemu's. {@link io.kemu.actors.dispatch.ActorClock} is the
 * clock actors read (virtual time under the deterministic model).
 */
package io.kemu.actors.dispatch;
