/**
 * Where a journal's bytes go, and kemu's entry point for an Akka service.
 *
 * <p>Public API: {@link io.kemu.streams.Kemu} (the extension: {@code Kemu.get(system)}), {@link
 * io.kemu.streams.JournalTargets} (file, TCP, sink, discard, flow and throttled targets, and {@code
 * open}, which tries a target before an install) and the facade in {@link io.kemu.streams.api}.
 * {@link io.kemu.streams.AckFlows} and the {@code server} package are kemu's own machinery, public
 * because the CLI and the tests call them; they may change without notice.
 *
 * <p>Thread contract: factories may be called from any thread; the flows they return run wherever
 * Akka Streams materializes them, and blocking file work runs on Akka's blocking-IO dispatcher.
 */
package io.kemu.streams;
