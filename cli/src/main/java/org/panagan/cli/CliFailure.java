package org.panagan.cli;

/**
 * A failure the command line explains itself: the message is the error line, {@link #hint()}
 * the line after it, {@link #exitCode()} what the process returns.
 */
final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String hint;
    private final int exitCode;

    CliFailure(String message, String hint) {
        this(message, hint, Main.FAILURE, null);
    }

    CliFailure(String message, String hint, int exitCode, Throwable cause) {
        super(message, cause);
        this.hint = hint;
        this.exitCode = exitCode;
    }

    String hint() {
        return hint;
    }

    int exitCode() {
        return exitCode;
    }
}
