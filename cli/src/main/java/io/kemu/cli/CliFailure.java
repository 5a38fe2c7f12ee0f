package io.kemu.cli;

/**
 * A failure the user can cause, told as the one line every kemu command ends with on stderr:
 * {@code kemu <command>: <what> (<why>)}, and an exit status from {@link ExitStatus}. Thrown by a
 * command's {@code call()} and printed by {@link KemuCommand}'s execution exception handler, which
 * adds the command's name; no stack trace unless {@code --debug}.
 */
final class CliFailure extends RuntimeException {
    private final int status;
    private final String what;
    private final String why;

    private CliFailure(int status, String what, String why, Throwable cause) {
        super(what + " (" + why + ")", cause);
        this.status = status;
        this.what = what;
        this.why = why;
    }

    /** Bad usage or bad input: an option out of range, a path that cannot be used (exit 2). */
    static CliFailure badInput(String what, String why) {
        return new CliFailure(ExitStatus.BAD_INPUT, what, why, null);
    }

    /** The run failed on its way for a reason outside the input: I/O, network, no answer (exit 3). */
    static CliFailure runtime(String what, String why, Throwable cause) {
        return new CliFailure(ExitStatus.RUNTIME, what, why, cause);
    }

    int status() {
        return status;
    }

    String what() {
        return what;
    }

    String why() {
        return why;
    }
}
