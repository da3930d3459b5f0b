package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.schemas.DlqHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SubscriberTestKitTest {
    private static final RetryPolicy FAST = RetryPolicy.defaults().withMaxAttempts(4)
            .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).withMultiplier(2);

    @Test
    void retriesATransientFailureOnAVirtualClockAndCountsRetries() {
        AtomicInteger calls = new AtomicInteger();
        TaskerSubscriber s = TaskerSubscriber.builder("flaky").retry(FAST).on("order.created", e -> {
            if (calls.incrementAndGet() < 3) {
                throw new UncheckedIOException(new IOException("downstream busy"));
            }
        }).named("mailer").build();
        SubscriberTestKit kit = SubscriberTestKit.of(s);
        SubscriberTestKit.Delivery d = kit.send("order.created", Map.of());
        assertThat(d.handled()).containsExactly("mailer");
        assertThat(d.deadLettered()).isEmpty();
        assertThat(kit.metrics().retried("mailer")).isEqualTo(2);
        assertThat(kit.metrics().handled("mailer")).isEqualTo(1);
        assertThat(kit.elapsed()).isEqualTo(Duration.ofSeconds(3)); // 1 s + 2 s, no real sleep
    }

    @Test
    void deadLettersAfterTheLastAttemptWithTheRootCauseAndEveryHeader() {
        TaskerSubscriber s = TaskerSubscriber.builder("always-fails").retry(FAST).on("order.created", e -> {
            throw new IllegalStateException("wrapper", new IOException("disk full"));
        }).named("writer").build();
        SubscriberTestKit kit = SubscriberTestKit.of(s);
        Event e = Event.builder("order.created").id("ev-1").taskId("t-1").build();
        SubscriberTestKit.DeadLettered dl = kit.send(e).deadLettered().get(0);
        assertThat(dl.reason()).isEqualTo(DlqHeaders.REASON_RETRIES_EXHAUSTED);
        assertThat(dl.attempts()).isEqualTo(4);
        assertThat(dl.headers()).containsEntry(DlqHeaders.REASON, "retries_exhausted")
                .containsEntry(DlqHeaders.HANDLER, "writer")
                .containsEntry(DlqHeaders.EVENT_NAME, "order.created")
                .containsEntry(DlqHeaders.EVENT_ID, "ev-1")
                .containsEntry(DlqHeaders.ATTEMPTS, "4")
                .containsEntry(DlqHeaders.EXCEPTION_CLASS, "java.io.IOException")
                .containsEntry(DlqHeaders.EXCEPTION_MESSAGE, "disk full")
                .containsEntry(DlqHeaders.FIRST_FAILURE_AT, "2030-01-01T00:00:00Z")
                .containsEntry(DlqHeaders.LAST_FAILURE_AT, "2030-01-01T00:00:07Z")
                .containsEntry(DlqHeaders.SOURCE_TOPIC, "tasker.domain-events.test")
                .containsEntry(DlqHeaders.SUBSCRIBER, "always-fails")
                .containsKeys(DlqHeaders.SOURCE_PARTITION, DlqHeaders.SOURCE_OFFSET);
        assertThat(kit.metrics().deadLettered("writer")).isEqualTo(1);
        assertThat(kit.metrics().retried("writer")).isEqualTo(3);
    }

    @Test
    void nonRetryableErrorsAreDeadLetteredAtOnce() {
        TaskerSubscriber s = TaskerSubscriber.builder("strict").retry(FAST.retryOn(IOException.class))
                .on("a.b", e -> {
                    throw new IllegalArgumentException("bad data");
                }).build();
        SubscriberTestKit kit = SubscriberTestKit.of(s);
        SubscriberTestKit.DeadLettered dl = kit.send("a.b", Map.of()).deadLettered().get(0);
        assertThat(dl.reason()).isEqualTo(DlqHeaders.REASON_NON_RETRYABLE);
        assertThat(dl.attempts()).isEqualTo(1);
        assertThat(kit.elapsed()).isZero();
    }

    @Test
    void aHandlerCanAskForTheDelayOfItsNextAttempt() {
        AtomicInteger calls = new AtomicInteger();
        TaskerSubscriber s = TaskerSubscriber.builder("polite").retry(FAST).on("a.b", e -> {
            if (calls.incrementAndGet() == 1) {
                throw new RetryLaterException(Duration.ofMillis(4500));
            }
        }).build();
        SubscriberTestKit kit = SubscriberTestKit.of(s);
        kit.send("a.b", Map.of());
        assertThat(kit.elapsed()).isEqualTo(Duration.ofMillis(4500));
    }

    @Test
    void handlersOfOneEventAreRetriedAndDeadLetteredIndependently() {
        AtomicInteger flaky = new AtomicInteger();
        AtomicInteger good = new AtomicInteger();
        TaskerSubscriber s = TaskerSubscriber.builder("isolated").retry(FAST)
                .on("order.created", e -> good.incrementAndGet()).named("good")
                .on("order.created", e -> {
                    throw new IllegalStateException("broken");
                }).named("broken")
                .on("order.*", e -> {
                    if (flaky.incrementAndGet() == 1) {
                        throw new IllegalStateException("once");
                    }
                }).named("flaky").retry(RetryPolicy.defaults().withMaxAttempts(2)
                        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10)))
                .build();
        SubscriberTestKit kit = SubscriberTestKit.of(s);
        SubscriberTestKit.Delivery d = kit.send("order.created", Map.of());
        assertThat(d.handled()).containsExactlyInAnyOrder("good", "flaky");
        assertThat(d.deadLettered()).extracting(SubscriberTestKit.DeadLettered::handler).containsExactly("broken");
        assertThat(good).hasValue(1);
        assertThat(kit.metrics().retried("flaky")).isEqualTo(1);
        assertThat(kit.metrics().retried("broken")).isEqualTo(3);
        assertThat(kit.metrics().retried("good")).isZero();
    }

    @Test
    void aPayloadThatDoesNotMapIsDeadLetteredWithoutRetries() {
        record Typed(int amount) {
        }
        TaskerSubscriber s = TaskerSubscriber.builder("typed").retry(FAST)
                .on("a.b", Typed.class, (e, t) -> { }).build();
        SubscriberTestKit.DeadLettered dl = SubscriberTestKit.of(s).send("a.b", Map.of("amount", "lots"))
                .deadLettered().get(0);
        assertThat(dl.reason()).isEqualTo(DlqHeaders.REASON_NON_RETRYABLE);
        assertThat(dl.headers().get(DlqHeaders.EXCEPTION_CLASS)).contains("jackson");
    }
}
