/**
 * {@code kemu bench thread-models}: the same journal and cluster workloads under every
 * {@link io.kemu.actors.dispatch.ThreadModel}, measured (process CPU, throughput) and charted.
 *
 * <p>Threading: a driver thread per run that waits on the actor system it measures.
 */
package io.kemu.cli.bench;
