/**
 * Sub-records of a decoded transaction ({@code struct journal_subrecord} nests) and their leaf values
 * (integers, strings, time values), with the record type names jscan prints.
 *
 * <p>Names: {@link io.kemu.journal.scan.subrecord.Timespec} ({@code seconds}/{@code nanos}, read from a
 * time leaf) is independent of the emulator's {@code io.kemu.vfs.Timespec}: the scanner decodes
 * streams without depending on the emulated filesystem.
 *
 * <p>Threading: immutable values and stateless parsers.
 */
package io.kemu.journal.scan.subrecord;
