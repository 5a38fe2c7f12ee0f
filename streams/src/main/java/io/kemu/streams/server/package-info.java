/**
 * The journal target server: what DragonFly's jscan is on the far end of a journal, plus acks.
 *
 * <pre>
 *  TCP connection ──▶ JournalTargetServer.connectionFlow (one per connection, one session per store)
 *                       │ batches of bytes
 *                       ▼
 *              kemu-target-io thread: JournalStore.Connection.receive
 *                 header limits → decode → replay check / append → write (no fsync)
 *                       │ Receipt(transid, required length)
 *                       ▼
 *              kemu-target-fsync thread: GroupCommit ── one force per group ──▶ acks, in order
 *                       │ durable length
 *                       ▼
 *              kemu-mirror thread: MirrorConsumer reads the durable file and feeds the Mirror
 * </pre>
 *
 * <p>Thread contract: the store's state is confined to the I/O thread; the fsync thread only forces
 * and completes futures; the mirror thread only reads the file. Nothing here runs on an actor.
 *
 * <p>Simulated (the deterministic thread model): a {@code MemoryTarget} connects without a socket
 * straight into {@code connectionFlow}, whose store work then runs on the stream's own thread; the
 * store is {@code JournalStore.inMemory} — a {@code MemoryFileChannel} made durable once written by
 * {@code ImmediateCommit} (no fsync thread), no mirror thread — and its time and retries come from
 * the actor system's clock and scheduler ({@code TargetClock}). Everything then runs on the driver.
 */
package io.kemu.streams.server;
