/**
 * What every conformance replay reports, whatever the kind of vector: one outcome per vector (passed,
 * or its first difference or the {@code file:line: reason} of malformed input) and the summary line.
 */
package io.kemu.conformance;
