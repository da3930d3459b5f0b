package io.tasker.templates;

import java.util.Objects;

/**
 * How a failing step is retried ({@code retry:} in YAML; every key optional). Loaded templates also keep every
 * value within {@link TemplateLimits}.
 *
 * @param maxAttempts   total attempts including the first; at least 1 ({@code max_attempts}, default 3)
 * @param retryable     whether a failure may be retried at all ({@code retryable}, default {@code true})
 * @param backoff       delay growth ({@code backoff}, default {@link Backoff#EXPONENTIAL}); never {@code null}
 * @param backoffBaseMs base delay in ms, {@code >= 0} ({@code backoff_base_ms}, default 1000)
 * @param maxBackoffMs  hard ceiling for any delay in ms, {@code >= backoffBaseMs} ({@code max_backoff_ms}, default 30000)
 * @param jitter        random spread as a fraction of the delay, within [0, 1] ({@code jitter}, default 0.1)
 */
public record RetryPolicy(int maxAttempts, boolean retryable, Backoff backoff, long backoffBaseMs, long maxBackoffMs,
        double jitter) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final long DEFAULT_BACKOFF_BASE_MS = 1000;
    public static final long DEFAULT_MAX_BACKOFF_MS = 30_000;
    public static final double DEFAULT_JITTER = 0.1;

    private static final RetryPolicy DEFAULTS = new RetryPolicy(DEFAULT_MAX_ATTEMPTS, true, Backoff.EXPONENTIAL,
            DEFAULT_BACKOFF_BASE_MS, DEFAULT_MAX_BACKOFF_MS, DEFAULT_JITTER);

    /**
     * @throws IllegalArgumentException if any invariant documented on the components is violated
     */
    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (backoffBaseMs < 0) {
            throw new IllegalArgumentException("backoffBaseMs must be >= 0, was " + backoffBaseMs);
        }
        if (maxBackoffMs < backoffBaseMs) {
            throw new IllegalArgumentException("maxBackoffMs (" + maxBackoffMs + ") must be >= backoffBaseMs ("
                    + backoffBaseMs + ")");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be within [0, 1], was " + jitter);
        }
    }

    /** 3 attempts, retryable, exponential backoff from 1000 ms capped at 30000 ms, jitter 0.1. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** Whether another attempt may follow attempt number {@code attemptsMade} (1-based) after a failure. */
    public boolean allowsAnotherAttempt(int attemptsMade) {
        return retryable && attemptsMade < maxAttempts;
    }

    /**
     * The delay to wait before attempt {@code nextAttempt}.
     *
     * <p>The raw delay is {@code base} for {@link Backoff#NONE}, {@code base * (n - 1)} for {@link Backoff#LINEAR}
     * and {@code base * 2^(n - 2)} for {@link Backoff#EXPONENTIAL}, capped at {@code maxBackoffMs}. Jitter then moves
     * it by up to {@code ±jitter} of itself: {@code random01 = 0} gives {@code -jitter}, {@code random01 -> 1} gives
     * {@code +jitter}, 0.5 gives no change. The result never exceeds {@code maxBackoffMs}, because the maximum is
     * documented to operators as a hard ceiling.
     *
     * @param nextAttempt the 1-based number of the attempt about to be made; at least 2 (attempt 1 never waits)
     * @param random01    a uniformly distributed value in [0, 1), passed in so callers control randomness and tests
     *                    are deterministic
     * @return the delay in milliseconds, {@code >= 0}
     * @throws IllegalArgumentException if {@code nextAttempt < 2} or {@code random01} is outside [0, 1]
     */
    public long delayBeforeAttempt(int nextAttempt, double random01) {
        if (nextAttempt < 2) {
            throw new IllegalArgumentException("nextAttempt must be >= 2, was " + nextAttempt);
        }
        if (!(random01 >= 0.0 && random01 <= 1.0)) {
            throw new IllegalArgumentException("random01 must be within [0, 1], was " + random01);
        }
        double raw = switch (backoff) {
            case NONE -> backoffBaseMs;
            case LINEAR -> (double) backoffBaseMs * (nextAttempt - 1);
            // double arithmetic cannot overflow into negative values for large attempt numbers
            case EXPONENTIAL -> backoffBaseMs * Math.pow(2, nextAttempt - 2);
        };
        double capped = Math.min(raw, maxBackoffMs);
        double jittered = capped * (1.0 + jitter * (2.0 * random01 - 1.0));
        return Math.max(0L, Math.min(maxBackoffMs, Math.round(jittered)));
    }
}
