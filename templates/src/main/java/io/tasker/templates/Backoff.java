package io.tasker.templates;

/**
 * How the delay between retry attempts grows. In YAML: {@code none}, {@code linear} or {@code exponential}.
 *
 * @see RetryPolicy#delayBeforeAttempt(int, double)
 */
public enum Backoff {
    /** Every retry waits {@code backoff_base_ms}. */
    NONE,
    /** Retry {@code n} waits {@code base * (n - 1)}. */
    LINEAR,
    /** Retry {@code n} waits {@code base * 2^(n - 2)}. */
    EXPONENTIAL
}
