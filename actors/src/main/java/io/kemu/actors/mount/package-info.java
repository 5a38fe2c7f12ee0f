/**
 * One emulated mount's actor and mountctl: {@link io.kemu.actors.mount.MountActor} (its messages in
 * {@link io.kemu.actors.mount.MountProtocol}) runs VOPs on its {@link io.kemu.vfs.Mount} and routes
 * each batch's recorded transactions to the journal actors, holding producers back while batches wait
 * for ring space (a VOP reserving journal space before it runs, the kernel's sleep in
 * {@code journal_reserve}). mountctl install / remove / restart / status ({@code mountctl(8)}, the
 * kernel's {@code journal_install_vfs_journal()} and friends) keep their rules in
 * {@link io.kemu.vfs.jops.MountJournals}; plain helpers keep the bookkeeping: {@code BatchTracker}
 * (batches in flight), {@code BatchAdmission} (flow control: run, stash or refuse), {@code Mountctl}
 * (journals by id through install, removal and restart). {@link io.kemu.actors.mount.TargetRestarter}
 * plays the operator who restarts a journal whose target died.
 *
 * <p>Data flow: see the picture in {@link io.kemu.actors.journal}; the mount actor is the left-hand
 * column, between the simulated CPUs and the journal actors.
 *
 * <p>Threading: actors; the mount and its journaling layer are touched only by the mount actor.
 */
package io.kemu.actors.mount;
