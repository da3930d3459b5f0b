package io.tasker.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.schemas.DlqHeaders;
import io.tasker.subscriber.DeliveryListener;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.NonRetryableException;
import io.tasker.subscriber.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The delivery listener sees each attempt's outcome; a failing listener never changes the delivery. */
class DeliveryListenerTest {
    final List<String> seen = new ArrayList<>();
    final List<DeadLetter> letters = new ArrayList<>();
    final Counters counters = new Counters("s");

    final DeliveryListener recording = new DeliveryListener() {
        @Override
        public void handled(String handler, Event event, int attempt, Duration took) {
            seen.add("handled " + handler + " " + event.name() + " #" + attempt);
        }

        @Override
        public void retrying(String handler, Event event, int attempt, Throwable error, Duration delay) {
            seen.add("retrying " + handler + " #" + attempt + " in " + delay.toMillis() + " ms: " + error.getMessage());
        }

        @Override
        public void deadLettered(String handler, Event event, String reason, int attempts, Throwable error) {
            seen.add("dead-lettered " + handler + " " + reason + " after " + attempts);
        }
    };

    /** Runs retries at once: the schedule is not what this test is about. */
    static final Timer IMMEDIATE = new Timer() {
        @Override
        public Instant now() {
            return Instant.EPOCH;
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
            task.run();
        }

        @Override
        public Runnable watch(Duration timeout, Runnable onTimeout) {
            return () -> { };
        }
    };

    Dispatcher dispatcher(DeliveryListener listener, HandlerBinding... bindings) {
        return new Dispatcher(new Dispatcher.Context("s", Runnable::run, IMMEDIATE, counters, (l, stored) -> {
            letters.add(l);
            stored.run();
        }, () -> 0.5, listener), List.of(bindings));
    }

    static HandlerBinding binding(String name, io.tasker.subscriber.EventHandler h) {
        return new HandlerBinding(name, EventPattern.parse("order.*"), h, RetryPolicy.defaults().withMaxAttempts(3)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(100)).withJitter(0), Duration.ofSeconds(5));
    }

    @Test
    void reportsRetriesThenSuccessAndDeadLettersPerHandler() {
        AtomicInteger calls = new AtomicInteger();
        dispatcher(recording,
                binding("flaky", e -> {
                    if (calls.incrementAndGet() == 1) throw new IllegalStateException("busy");
                }),
                binding("strict", e -> {
                    throw new NonRetryableException("bad order");
                })).dispatch(Event.builder("order.created").build(), new SourceRecord("t", 0, 7, null, null, null),
                        () -> { });
        assertThat(seen).containsExactlyInAnyOrder(
                "retrying flaky #1 in 100 ms: busy",
                "handled flaky order.created #2",
                "dead-lettered strict " + DlqHeaders.REASON_NON_RETRYABLE + " after 1");
        assertThat(seen.indexOf("retrying flaky #1 in 100 ms: busy")).isLessThan(seen.indexOf("handled flaky order.created #2"));
    }

    @Test
    void aThrowingListenerNeitherFailsNorRetriesTheDelivery() {
        AtomicInteger calls = new AtomicInteger();
        boolean[] done = {false};
        dispatcher(new DeliveryListener() {
            @Override
            public void handled(String handler, Event event, int attempt, Duration took) {
                throw new IllegalStateException("listener bug");
            }
        }, binding("h", e -> calls.incrementAndGet()))
                .dispatch(Event.builder("order.created").build(), new SourceRecord("t", 0, 7, null, null, null),
                        () -> done[0] = true);
        assertThat(done[0]).isTrue();
        assertThat(calls).hasValue(1);
        assertThat(counters.snapshot().handled("h")).isEqualTo(1);
        assertThat(letters).isEmpty();
    }
}
