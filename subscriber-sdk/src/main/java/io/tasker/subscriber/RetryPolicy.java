package io.tasker.subscriber;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How a failed handler attempt is retried: at most {@link #maxAttempts()} invocations in total; before attempt
 * {@code n+1} the handler waits {@code min(maxBackoff, initialBackoff * multiplier^(n-1))}, spread by
 * {@code ±jitter} (a fraction, 0 = none) so that many failing keys do not retry in lockstep. Only exceptions
 * assignable to one of {@link #retryOn()} are retried (default: every {@link Exception}); a
 * {@link NonRetryableException} anywhere in the cause chain is never retried, and a {@link RetryLaterException}
 * replaces the backoff by the delay it asks for (capped by the max backoff).
 *
 * <p>While a handler waits for its retry only its key (task id) waits: other keys and the partition keep flowing,
 * and no thread is held. Immutable and thread-safe.
 */
public final class RetryPolicy {
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final double jitter;
    private final List<Class<? extends Throwable>> retryOn;

    private RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
            double jitter, List<Class<? extends Throwable>> retryOn) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative: " + initialBackoff + ", " + maxBackoff);
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
        }
        if (retryOn.isEmpty()) {
            throw new IllegalArgumentException("retryOn must name at least one exception type");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.retryOn = List.copyOf(retryOn);
    }

    /** 5 attempts, 200 ms initial backoff doubling up to 30 s, 20 % jitter, every exception retried. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.2, List.of(Exception.class));
    }

    /** One attempt: a failure is dead-lettered at once. */
    public static RetryPolicy noRetries() {
        return defaults().withMaxAttempts(1);
    }

    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(n, initialBackoff, maxBackoff, multiplier, jitter, retryOn);
    }

    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, Objects.requireNonNull(initial, "initial"), Objects.requireNonNull(max,
                "max"), multiplier, jitter, retryOn);
    }

    public RetryPolicy withMultiplier(double m) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, m, jitter, retryOn);
    }

    public RetryPolicy withJitter(double j) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, j, retryOn);
    }

    /** Only these exception types (and their subclasses) are retried; anything else is dead-lettered at once. */
    @SafeVarargs
    public final RetryPolicy retryOn(Class<? extends Throwable>... types) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, List.of(types));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double multiplier() {
        return multiplier;
    }

    public double jitter() {
        return jitter;
    }

    public List<Class<? extends Throwable>> retryOn() {
        return retryOn;
    }

    /**
     * Whether a failure may be retried at all (attempts aside): not if a {@link NonRetryableException} is anywhere
     * in its cause chain, otherwise if it is an instance of one of {@link #retryOn()}.
     */
    public boolean isRetryable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NonRetryableException) {
                return false;
            }
        }
        return retryOn.stream().anyMatch(c -> c.isInstance(error));
    }

    /**
     * The delay before the attempt after {@code failedAttempt} (1-based), without jitter: the exponential backoff
     * capped by the max backoff.
     */
    public Duration baseDelayAfter(int failedAttempt) {
        double ms = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
        return Duration.ofMillis((long) Math.min(ms, maxBackoff.toMillis()));
    }

    /**
     * The delay before the attempt after {@code failedAttempt}: {@link #baseDelayAfter(int)} spread by the jitter
     * using {@code random} (values in [0, 1)), never above the max backoff. If {@code error} is a
     * {@link RetryLaterException} its delay is used instead, capped by the max backoff.
     */
    public Duration delayAfter(int failedAttempt, Throwable error, DoubleSupplier random) {
        if (error instanceof RetryLaterException later) {
            return later.delay().compareTo(maxBackoff) > 0 ? maxBackoff : later.delay();
        }
        long base = baseDelayAfter(failedAttempt).toMillis();
        double spread = base * jitter * (2 * random.getAsDouble() - 1);
        long ms = Math.max(0, Math.min(maxBackoff.toMillis(), Math.round(base + spread)));
        return Duration.ofMillis(ms);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff + " x"
                + multiplier + " ±" + jitter + ", retryOn=" + retryOn + "]";
    }
}
