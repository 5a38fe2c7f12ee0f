package io.kemu.cli;

/**
 * The exit statuses of every kemu command, as documented in the README ("Exit statuses"). A
 * command ends with exactly one of them; every status but {@link #OK} comes with one line on stderr.
 */
final class ExitStatus {
    /** Done, and every check passed. */
    static final int OK = 0;
    /** Done, but a check failed or problems were found (verification, conformance, refused records). */
    static final int FAILED = 1;
    /** Nothing was done: bad usage or bad input (an option, a path, a file that cannot be used). */
    static final int BAD_INPUT = 2;
    /** The run failed on its way: I/O or network error, a stalled run, an internal error. */
    static final int RUNTIME = 3;

    private ExitStatus() {
    }
}
