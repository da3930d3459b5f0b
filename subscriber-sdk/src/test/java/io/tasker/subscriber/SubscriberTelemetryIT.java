package io.tasker.subscriber;

import static io.tasker.subscriber.InMemoryTelemetry.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.incubating.MessagingIncubatingAttributes;
import io.tasker.avro.DomainEvent;
import io.tasker.schemas.CloudEventHeaders;
import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.redaction.RedactionConfig;
import io.tasker.subscriber.internal.TelemetryNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's spans and metrics against the embedded broker: records produced with a W3C {@code traceparent} (as the
 * topology and runner write them) are processed in the producer's trace, retries and dead letters are visible, the
 * dead-letter record continues the trace, the counters equal the known numbers and no secret reaches a span.
 */
class SubscriberTelemetryIT extends SubscriberITSupport {
    static final String SECRET = "sk_live_Zq81xT0";
    final InMemoryTelemetry otel = new InMemoryTelemetry();

    @AfterEach
    void closeTelemetry() {
        otel.close();
    }

    @Test
    void processSpansContinueTheProducersTraceShowRetriesAndDeadLettersAndTheCountersMatch() {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        TaskerSubscriber s = TaskerSubscriber.builder(subscriberName).on("order.created", e -> {
            int seq = e.getInt("seq", -1);
            int attempt = attempts.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
            if (seq == 1 && attempt <= 2) {
                throw new IllegalStateException("busy, try again");
            }
            if (seq == 2) {
                throw new IllegalStateException("crm refused api key " + SECRET);
            }
        }).named("worker").build();
        SubscriberRunner runner = start(s, config(Map.of(RedactionConfig.VALUE_PATTERNS, "/sk_live_[A-Za-z0-9]+/"))
                .withOpenTelemetry(otel.sdk));

        List<DomainEvent> events = List.of(event(0, "order.created"), event(1, "order.created"),
                event(2, "order.created"));
        Map<String, SpanContext> producerSpans = new HashMap<>();
        try (KafkaProducer<String, DomainEvent> p = producer()) {
            for (DomainEvent e : events) {
                Span task = otel.sdk.getTracer("topology").spanBuilder("task " + e.getTaskId()).startSpan();
                Headers headers = CloudEventHeaders.of(e);
                // what the topology writes: the W3C traceparent of the task's span
                headers.add("traceparent", ("00-" + task.getSpanContext().getTraceId() + "-"
                        + task.getSpanContext().getSpanId() + "-01").getBytes(StandardCharsets.UTF_8));
                task.end();
                producerSpans.put(e.getEventId(), task.getSpanContext());
                p.send(new ProducerRecord<>(topics.domainEvents(NS), null, e.getTaskId(), e, headers));
            }
            p.flush();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> runner.metrics().handled("worker") == 2
                && runner.metrics().deadLettered("worker") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> processSpans().size() == 3);
        Map<String, SpanData> byEvent = new HashMap<>();
        for (SpanData sp : processSpans()) {
            byEvent.put(sp.getAttributes().get(MessagingIncubatingAttributes.MESSAGING_MESSAGE_ID), sp);
        }
        for (DomainEvent e : events) {
            SpanData sp = byEvent.get(e.getEventId());
            SpanContext producer = producerSpans.get(e.getEventId());
            assertThat(sp.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(sp.getTraceId()).isEqualTo(producer.getTraceId());
            assertThat(sp.getParentSpanId()).isEqualTo(producer.getSpanId());
            assertThat(sp.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
                    .containsExactly(producer.getSpanId());
            var a = sp.getAttributes();
            assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_SYSTEM)).isEqualTo("kafka");
            assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_OPERATION_TYPE)).isEqualTo("process");
            assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_DESTINATION_NAME))
                    .isEqualTo(topics.domainEvents(NS));
            assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_CONSUMER_GROUP_NAME)).isEqualTo(subscriberName);
            assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_DESTINATION_PARTITION_ID)).matches("[0-2]");
            assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_KAFKA_OFFSET)).isNotNull();
            assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_KAFKA_MESSAGE_KEY)).isEqualTo(e.getTaskId());
            assertThat(a.get(TelemetryNames.EVENT_NAME)).isEqualTo("order.created");
            assertThat(a.get(TelemetryNames.TASK_ID)).isEqualTo(e.getTaskId());
            assertThat(a.get(TelemetryNames.SUBSCRIBER)).isEqualTo(subscriberName);
        }

        SpanData retried = byEvent.get(events.get(1).getEventId());
        assertThat(retried.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(retried.getEvents()).extracting(EventData::getName)
                .containsExactly(TelemetryNames.RETRY_EVENT, TelemetryNames.RETRY_EVENT);
        List<SpanData> retriedAttempts = otel.finishedSpans().stream()
                .filter(sp -> sp.getParentSpanId().equals(retried.getSpanId())).toList();
        assertThat(retriedAttempts).extracting(sp -> sp.getAttributes().get(TelemetryNames.HANDLER_ATTEMPT))
                .containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(retriedAttempts).allMatch(sp -> sp.getName().equals("handle worker"));

        SpanData dead = byEvent.get(events.get(2).getEventId());
        assertThat(dead.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(dead.getEvents()).extracting(EventData::getName).containsExactly(TelemetryNames.RETRY_EVENT,
                TelemetryNames.RETRY_EVENT, TelemetryNames.DEAD_LETTER_EVENT);
        ConsumerRecord<byte[], byte[]> dlq = readAll(topics.dlq(subscriberName), 1).get(0);
        assertThat(header(dlq, DlqHeaders.EVENT_ID)).isEqualTo(events.get(2).getEventId());
        assertThat(header(dlq, "traceparent"))
                .isEqualTo("00-" + dead.getTraceId() + "-" + dead.getSpanId() + "-01");

        String spanText = InMemoryTelemetry.allText(otel.finishedSpans());
        assertThat(spanText).doesNotContain(SECRET).contains("crm refused api key ***REDACTED***");

        Collection<MetricData> data = otel.collect();
        Map<AttributeKey<String>, String> worker = Map.of(TelemetryNames.SUBSCRIBER, subscriberName,
                TelemetryNames.HANDLER, "worker", TelemetryNames.EVENT_NAME, "order.created");
        SubscriberMetrics m = runner.metrics();
        assertThat(sum(data, TelemetryNames.RECEIVED, worker)).isEqualTo(3).isEqualTo(m.received("worker"));
        assertThat(sum(data, TelemetryNames.HANDLED, worker)).isEqualTo(2).isEqualTo(m.handled("worker"));
        assertThat(sum(data, TelemetryNames.RETRIED, worker)).isEqualTo(4).isEqualTo(m.retried("worker"));
        assertThat(sum(data, TelemetryNames.DEAD_LETTERED, worker)).isEqualTo(1).isEqualTo(m.deadLettered("worker"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Long> lags = otel.collect().stream().filter(md -> md.getName().equals(TelemetryNames.CONSUMER_LAG))
                    .flatMap(md -> md.getLongGaugeData().getPoints().stream())
                    .filter(pt -> topics.domainEvents(NS).equals(
                            pt.getAttributes().get(MessagingIncubatingAttributes.MESSAGING_DESTINATION_NAME)))
                    .map(pt -> pt.getValue()).toList();
            assertThat(lags).isNotEmpty().allMatch(l -> l == 0L);
        });
    }

    private List<SpanData> processSpans() {
        return otel.spansNamed("process " + topics.domainEvents(NS));
    }
}
