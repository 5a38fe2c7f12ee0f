/**
 * jscan's mirror and undo modes ({@code jscan -m}, {@code dump_mirror.c}, and the UNDO sections for
 * {@code kemu jscan undo}): applies decoded transactions to a real directory, restartably (state kept
 * outside the tree) and safely (no path may escape the root; see {@link
 * io.kemu.journal.scan.mirror.MirrorTree}).
 *
 * <p>Names: {@link io.kemu.journal.scan.mirror.Mirror} (a journal stream applied to a directory) is
 * independent of {@code io.kemu.hammer2.replica.Mirror} (a coordinator's copy of the nodes' answers in
 * the HAMMER2 cluster); the two share only the word.
 *
 * <p>Threading: not thread-safe; a mirror belongs to one thread (the target server runs it on its own
 * thread).
 */
package io.kemu.journal.scan.mirror;
