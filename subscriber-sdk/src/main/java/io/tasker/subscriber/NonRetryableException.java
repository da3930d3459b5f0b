package io.tasker.subscriber;

/**
 * Thrown by a handler (or as the cause of what it throws) to say that retrying cannot help: the event is
 * dead-lettered at once with reason {@code non_retryable}, whatever the retry policy.
 */
public class NonRetryableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
