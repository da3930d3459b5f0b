package io.tasker.launcher.cli;

/**
 * An expected failure of a CLI command: printed as {@code error: <message>} with no stack trace, and the command
 * exits with {@link #exitCode()}.
 *
 * <p>Exit codes: {@link #USAGE} (2) when the request itself is wrong (bad arguments, or the server answered 4xx),
 * {@link #UNAVAILABLE} (3) when the server cannot be reached or cannot answer, so scripts can tell "fix your call"
 * from "try again later".
 */
final class CliException extends RuntimeException {
    static final int USAGE = 2;
    static final int UNAVAILABLE = 3;

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false); // never printed as a stack trace, so don't pay for one
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
