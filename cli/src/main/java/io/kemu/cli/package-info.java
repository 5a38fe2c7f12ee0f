/**
 * The {@code kemu} command (picocli): {@code simulate}, {@code record}, {@code jscan},
 * {@code target}, {@code conformance}, {@code cluster} and {@code bench}. Front ends only: each
 * command parses its options, calls the library and prints; bad input gets one line, no stack trace.
 *
 * <p>Threading: the command thread blocks on the actor system it starts; nothing here runs inside an
 * actor.
 */
package io.kemu.cli;
