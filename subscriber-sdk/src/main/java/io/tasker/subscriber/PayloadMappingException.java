package io.tasker.subscriber;

/**
 * An event's payload could not be mapped to the requested type. Never retried by default: the same payload would
 * fail again, so the event is dead-lettered with reason {@code non_retryable}.
 */
public class PayloadMappingException extends NonRetryableException {
    private static final long serialVersionUID = 1L;

    public PayloadMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
