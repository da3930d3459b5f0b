package io.tasker.launcher.generate;

/** A generator cannot do what it was asked (unknown event, bad name, a file that exists): the message says why. */
public final class GeneratorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GeneratorException(String message) {
        super(message, null, false, false);
    }
}
