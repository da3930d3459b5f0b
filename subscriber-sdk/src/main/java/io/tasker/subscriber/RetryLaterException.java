package io.tasker.subscriber;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler to ask for the next attempt after {@link #delay()} instead of the policy's backoff (e.g. a
 * downstream answered 429 with Retry-After). It still counts as a failed attempt: when the policy's max attempts are
 * used up the event is dead-lettered. The delay is capped by the policy's max backoff.
 */
public class RetryLaterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration delay;

    public RetryLaterException(Duration delay, String message) {
        super(message);
        this.delay = Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }

    public RetryLaterException(Duration delay) {
        this(delay, "retry requested after " + delay);
    }

    /** The delay asked for before the next attempt; never null or negative. */
    public Duration delay() {
        return delay;
    }
}
