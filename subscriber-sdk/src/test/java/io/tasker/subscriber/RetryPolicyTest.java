package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy p = RetryPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
            .withMultiplier(2).withJitter(0.2).withMaxAttempts(6);

    @Test
    void backoffGrowsExponentiallyUpToTheMax() {
        assertThat(p.baseDelayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.baseDelayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.baseDelayAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.baseDelayAfter(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.baseDelayAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.baseDelayAfter(50)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterSpreadsWithinItsFractionAndNeverPassesTheMax() {
        RuntimeException err = new RuntimeException();
        assertThat(p.delayAfter(2, err, () -> 0.0)).isEqualTo(Duration.ofMillis(160));
        assertThat(p.delayAfter(2, err, () -> 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.delayAfter(2, err, () -> 0.9999)).isEqualTo(Duration.ofMillis(240));
        assertThat(p.delayAfter(9, err, () -> 0.9999)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aHandlerCanAskForADelayCappedByTheMax() {
        assertThat(p.delayAfter(1, new RetryLaterException(Duration.ofMillis(750)), () -> 0.0))
                .isEqualTo(Duration.ofMillis(750));
        assertThat(p.delayAfter(1, new RetryLaterException(Duration.ofMinutes(5)), () -> 0.0))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void onlyListedExceptionTypesAreRetriedAndNonRetryableNeverIs() {
        RetryPolicy io = p.retryOn(IOException.class, UncheckedIOException.class);
        assertThat(io.isRetryable(new IOException())).isTrue();
        assertThat(io.isRetryable(new IllegalStateException())).isFalse();
        assertThat(p.isRetryable(new IllegalStateException())).isTrue();
        assertThat(p.isRetryable(new RuntimeException(new NonRetryableException("no")))).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> p.withMaxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> p.withJitter(2)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> p.withMultiplier(0.5)).hasMessageContaining("multiplier");
    }
}
