/**
 * jscan's debug dump ({@code jscan -d}, {@code dump_debug.c}): prints every transaction of a stream
 * with its sub-records and leaf values, as {@code kemu jscan dump FILE} shows it.
 *
 * <p>Threading: single-threaded, output written as the scanner delivers transactions.
 */
package io.kemu.journal.scan.dump;
