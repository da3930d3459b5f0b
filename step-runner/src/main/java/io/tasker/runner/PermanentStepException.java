package io.tasker.runner;

/**
 * Thrown by a {@link StepHandler} to fail a step <em>permanently</em>: the step is not retried, whatever the
 * template's retry policy says. Use it for failures a retry cannot fix (invalid input, unknown product, business rule
 * violations). Every other exception thrown by a handler counts as retryable.
 *
 * <p>Equivalent to returning {@link StepOutcome#permanent(String)}, but convenient deep inside handler code.
 */
public class PermanentStepException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong; reported as the step error's message; should not be {@code null}
     */
    public PermanentStepException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; reported as the step error's message; should not be {@code null}
     * @param cause   the underlying failure; may be {@code null}
     */
    public PermanentStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
