package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static RetryPolicy policy(Backoff backoff, long base, long max, double jitter) {
        return new RetryPolicy(10, true, backoff, base, max, jitter);
    }

    @Test
    void defaultsMatchTheDocumentation() {
        assertThat(RetryPolicy.defaults()).isEqualTo(new RetryPolicy(3, true, Backoff.EXPONENTIAL, 1000, 30000, 0.1));
    }

    @Test
    void noneWaitsTheBaseEveryTime() {
        RetryPolicy p = policy(Backoff.NONE, 500, 10_000, 0);
        assertThat(p.delayBeforeAttempt(2, 0.5)).isEqualTo(500);
        assertThat(p.delayBeforeAttempt(7, 0.5)).isEqualTo(500);
    }

    @Test
    void linearGrowsByTheBase() {
        RetryPolicy p = policy(Backoff.LINEAR, 100, 10_000, 0);
        assertThat(p.delayBeforeAttempt(2, 0.5)).isEqualTo(100);
        assertThat(p.delayBeforeAttempt(3, 0.5)).isEqualTo(200);
        assertThat(p.delayBeforeAttempt(5, 0.5)).isEqualTo(400);
    }

    @Test
    void exponentialDoubles() {
        RetryPolicy p = policy(Backoff.EXPONENTIAL, 100, 10_000, 0);
        assertThat(p.delayBeforeAttempt(2, 0.5)).isEqualTo(100);
        assertThat(p.delayBeforeAttempt(3, 0.5)).isEqualTo(200);
        assertThat(p.delayBeforeAttempt(4, 0.5)).isEqualTo(400);
    }

    @Test
    void delayIsCappedByMaxEvenForHugeAttemptNumbers() {
        RetryPolicy p = policy(Backoff.EXPONENTIAL, 1000, 5000, 0);
        assertThat(p.delayBeforeAttempt(5, 0.5)).isEqualTo(5000);
        assertThat(p.delayBeforeAttempt(1000, 0.5)).isEqualTo(5000);
        assertThat(policy(Backoff.LINEAR, 1000, 2500, 0).delayBeforeAttempt(Integer.MAX_VALUE, 0.5)).isEqualTo(2500);
    }

    @Test
    void jitterSpreadsWithinPlusMinusTheFraction() {
        RetryPolicy p = policy(Backoff.NONE, 1000, 10_000, 0.1);
        assertThat(p.delayBeforeAttempt(2, 0.0)).isEqualTo(900);
        assertThat(p.delayBeforeAttempt(2, 0.5)).isEqualTo(1000);
        assertThat(p.delayBeforeAttempt(2, 0.999999)).isEqualTo(1100);
        for (double r = 0; r < 1; r += 0.01) {
            assertThat(p.delayBeforeAttempt(3, r)).isBetween(900L, 1100L);
        }
    }

    @Test
    void jitterNeverExceedsTheMaximum() {
        RetryPolicy p = policy(Backoff.EXPONENTIAL, 1000, 4000, 0.5);
        assertThat(p.delayBeforeAttempt(10, 0.999)).isEqualTo(4000);
        assertThat(p.delayBeforeAttempt(10, 0.0)).isEqualTo(2000);
    }

    @Test
    void rejectsInvalidArgumentsAndInvariants() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThatThrownBy(() -> p.delayBeforeAttempt(1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.delayBeforeAttempt(2, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(0, true, Backoff.NONE, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, true, Backoff.NONE, 10, 5, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowsAnotherAttemptOnlyWhileRetryableAndBelowMax() {
        RetryPolicy p = new RetryPolicy(3, true, Backoff.NONE, 0, 0, 0);
        assertThat(p.allowsAnotherAttempt(2)).isTrue();
        assertThat(p.allowsAnotherAttempt(3)).isFalse();
        assertThat(new RetryPolicy(3, false, Backoff.NONE, 0, 0, 0).allowsAnotherAttempt(1)).isFalse();
    }
}
