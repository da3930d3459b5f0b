package io.tasker.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tasker.schemas.CloudEventHeaders;
import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.HandlerTimeoutException;
import io.tasker.subscriber.InMemoryTelemetry;
import io.tasker.subscriber.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans of timed-out attempts, the traceparent of dead letters, and undecodable records, with real threads. */
class DeliveryTraceTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PRODUCER_SPAN = "00f067aa0ba902b7";
    final InMemoryTelemetry otel = new InMemoryTelemetry();
    final ExecutorService workers = Executors.newFixedThreadPool(2);
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final List<DeadLetter> letters = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        workers.shutdownNow();
        scheduler.shutdownNow();
        otel.close();
    }

    Dispatcher dispatcher(HandlerBinding b) {
        return new Dispatcher(new Dispatcher.Context("s", workers, new SystemTimer(scheduler),
                new Counters("s", otel.sdk), (l, stored) -> {
                    letters.add(l);
                    stored.run();
                }, () -> 0.5, null, new SubscriberTracing(otel.sdk, "s", "g", "dlq.s", Redactor.defaults())),
                List.of(b));
    }

    static HandlerBinding binding(io.tasker.subscriber.EventHandler h, int attempts) {
        return new HandlerBinding("h", EventPattern.parse("a.b"), h, RetryPolicy.defaults().withMaxAttempts(attempts)
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1)), Duration.ofMillis(100));
    }

    static SourceRecord record() {
        RecordHeaders h = new RecordHeaders();
        h.add(CloudEventHeaders.TYPE, "a.b".getBytes(StandardCharsets.UTF_8));
        h.add("traceparent", ("00-" + TRACE + "-" + PRODUCER_SPAN + "-01").getBytes(StandardCharsets.UTF_8));
        h.add("tracestate", "vendor=1".getBytes(StandardCharsets.UTF_8));
        return new SourceRecord("t", 0, 7, "k".getBytes(StandardCharsets.UTF_8), new byte[] {1}, h);
    }

    @Test
    void anAttemptInterruptedAtItsTimeoutEndsItsSpanAsATimeoutAndTheRetryGetsItsOwnSpan() {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        dispatcher(binding(e -> {
            if (calls.incrementAndGet() == 1) {
                Thread.sleep(60_000); // interrupted at the timeout
            }
        }, 2)).dispatch(Event.builder("a.b").build(), record(), done::countDown);
        await().atMost(Duration.ofSeconds(10)).until(() -> done.getCount() == 0);

        List<SpanData> attempts = otel.spansNamed("handle h");
        assertThat(attempts).hasSize(2);
        SpanData first = attempts.stream().filter(s -> s.getAttributes()
                .get(TelemetryNames.HANDLER_ATTEMPT) == 1L).findFirst().orElseThrow();
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(first.getAttributes().get(TelemetryNames.ERROR_TYPE))
                .isEqualTo(HandlerTimeoutException.class.getName());
        SpanData process = otel.spansNamed("process t").get(0);
        assertThat(process.getTraceId()).isEqualTo(TRACE);
        assertThat(process.getEvents()).extracting(EventData::getName).containsExactly(TelemetryNames.RETRY_EVENT);
    }

    @Test
    void theDeadLetterCarriesTheProcessSpansTraceparentAndKeepsTheOtherHeaders() {
        CountDownLatch done = new CountDownLatch(1);
        dispatcher(binding(e -> {
            throw new IllegalStateException("no");
        }, 1)).dispatch(Event.builder("a.b").build(), record(), done::countDown);
        await().atMost(Duration.ofSeconds(10)).until(() -> done.getCount() == 0);

        SpanData process = otel.spansNamed("process t").get(0);
        var headers = letters.get(0).source().headers();
        assertThat(new String(headers.lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo("00-" + TRACE + "-" + process.getSpanId() + "-01");
        assertThat(headers.headers("traceparent")).hasSize(1);
        assertThat(new String(headers.lastHeader("tracestate").value(), StandardCharsets.UTF_8)).isEqualTo("vendor=1");
        assertThat(headers.lastHeader(CloudEventHeaders.TYPE)).isNotNull();
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void anUndecodableRecordGetsAnErrorSpanInItsProducersTrace() {
        CountDownLatch done = new CountDownLatch(1);
        dispatcher(binding(e -> { }, 1)).undecodable(record(), "a.b", "ev-9",
                new org.apache.kafka.common.errors.SerializationException("not avro"), done::countDown);
        await().atMost(Duration.ofSeconds(10)).until(() -> done.getCount() == 0);

        SpanData process = otel.spansNamed("process t").get(0);
        assertThat(process.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(process.getEvents()).extracting(EventData::getName)
                .containsExactly(TelemetryNames.DEAD_LETTER_EVENT, "exception");
        assertThat(process.getEvents().get(0).getAttributes().get(TelemetryNames.DLQ_REASON))
                .isEqualTo(DlqHeaders.REASON_UNDECODABLE);
    }
}
