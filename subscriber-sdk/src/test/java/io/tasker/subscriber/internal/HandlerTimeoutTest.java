package io.tasker.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasker.schemas.DlqHeaders;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.HandlerTimeoutException;
import io.tasker.subscriber.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Handler timeouts with real threads: a stuck handler is interrupted, counted, retried or dead-lettered. */
class HandlerTimeoutTest {
    final ExecutorService workers = Executors.newFixedThreadPool(2);
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final Counters counters = new Counters("s");
    final List<DeadLetter> letters = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        workers.shutdownNow();
        scheduler.shutdownNow();
    }

    Dispatcher dispatcher(HandlerBinding b) {
        return new Dispatcher(new Dispatcher.Context("s", workers, new SystemTimer(scheduler), counters,
                (l, stored) -> {
                    letters.add(l);
                    stored.run();
                }, () -> 0.5), List.of(b));
    }

    static HandlerBinding binding(io.tasker.subscriber.EventHandler h, int attempts) {
        return new HandlerBinding("slow", EventPattern.parse("a.b"), h, RetryPolicy.defaults()
                .withMaxAttempts(attempts).withBackoff(Duration.ofMillis(1), Duration.ofMillis(1)),
                Duration.ofMillis(100));
    }

    @Test
    void interruptsAnAttemptPastItsTimeoutAndRetriesIt() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        dispatcher(binding(e -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(60_000); // stuck until interrupted
                } catch (InterruptedException ie) {
                    interrupted.set(true);
                    throw ie;
                }
            }
        }, 3)).dispatch(Event.builder("a.b").build(), new SourceRecord("t", 0, 0, null, null, null), done::countDown);
        await().atMost(Duration.ofSeconds(10)).until(() -> done.getCount() == 0);
        assertThat(interrupted).isTrue();
        assertThat(counters.snapshot().timedOut("slow")).isEqualTo(1);
        assertThat(counters.snapshot().retried("slow")).isEqualTo(1);
        assertThat(counters.snapshot().handled("slow")).isEqualTo(1);
        assertThat(letters).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> counters.stuckThreads() == 0);
    }

    @Test
    void deadLettersAHandlerThatIgnoresTheInterruptAndReportsItsThreadAsStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        dispatcher(binding(e -> {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // a badly behaved handler
                }
            }
        }, 1)).dispatch(Event.builder("a.b").build(), new SourceRecord("t", 0, 0, null, null, null), done::countDown);
        await().atMost(Duration.ofSeconds(10)).until(() -> done.getCount() == 0);
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.reason()).isEqualTo(DlqHeaders.REASON_HANDLER_TIMEOUT);
            assertThat(l.error()).isInstanceOf(HandlerTimeoutException.class);
        });
        assertThat(counters.stuckThreads()).isEqualTo(1);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> counters.stuckThreads() == 0);
        assertThat(counters.snapshot().handled("slow")).isZero();
    }
}
