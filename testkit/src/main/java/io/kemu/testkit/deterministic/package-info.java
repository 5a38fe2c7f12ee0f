/**
 * Deterministic simulation in users' own JUnit 5 tests: {@link io.kemu.testkit.deterministic.KemuSeedExtension}
 * hands each test a {@link io.kemu.testkit.deterministic.KemuSeed} (from {@code -Dkemu.seed} or fresh),
 * printed on failure; {@code KemuSeed.run} runs an actor system - kemu's actors and the user's - on the
 * test's thread under the deterministic thread model, so the seed replays the run exactly.
 *
 * <p>Threading: everything runs on the test's thread.
 */
package io.kemu.testkit.deterministic;
