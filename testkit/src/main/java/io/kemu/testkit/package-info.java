/**
 * Test and driver support as a library, used by {@code kemu simulate} and {@code kemu bench}, the
 * benchmarks and the integration tests (and open to users' own JUnit tests): blocking asks for
 * driver threads ({@link io.kemu.testkit.Asks}), a handle on a mount actor with install-or-throw
 * ({@link io.kemu.testkit.MountClient}) and reproducible emulated mounts
 * ({@link io.kemu.testkit.TestMounts}). Its packages: {@code simulation}, the journal simulation driver
 * ({@code kemu simulate}'s, N simulated CPUs against kemu mounts under any thread model), and
 * {@code deterministic}, the JUnit 5 seed extension. It mirrors no kernel function itself; it drives
 * the code that does.
 *
 * <p>Threading: everything here blocks the calling thread and belongs on driver threads (a main
 * thread, a benchmark thread, a test), never inside an actor.
 */
package io.kemu.testkit;
