/**
 * Journal operations as the scanner reads them back: a transaction's REDO/UNDO sections parsed into
 * an {@link io.kemu.journal.scan.op.Operation} (which VOP, which paths, which attributes, which data).
 *
 * <p>Names: {@link io.kemu.journal.scan.op.Vattr} (the attribute leaves of one section, every field
 * optional) and {@link io.kemu.journal.scan.op.VType} (the int values of VTYPE leaves) describe what is
 * on the wire. They are deliberately independent of the emulated filesystem's
 * {@code io.kemu.vfs.Vattr} and {@code io.kemu.vfs.VType}: the scanner must decode streams from any
 * kernel and never depends on the emulator.
 *
 * <p>Threading: immutable values and stateless parsers.
 */
package io.kemu.journal.scan.op;
