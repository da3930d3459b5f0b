package io.tasker.subscriber;

import java.time.Duration;

/**
 * The failure recorded for an attempt that ran past its handler's timeout: the handler thread was interrupted and the
 * attempt counts as failed (retried, or dead-lettered with reason {@code handler_timeout} when it was the last).
 */
public class HandlerTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HandlerTimeoutException(String handler, Duration timeout) {
        super("handler " + handler + " ran past its timeout of " + timeout.toMillis() + " ms and was interrupted");
    }
}
