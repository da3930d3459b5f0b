package io.tasker.subscriber;

import static io.tasker.subscriber.InMemoryTelemetry.histogramCount;
import static io.tasker.subscriber.InMemoryTelemetry.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.incubating.MessagingIncubatingAttributes;
import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.LogKeys;
import io.tasker.schemas.redaction.RedactionConfig;
import io.tasker.subscriber.internal.TelemetryNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The subscriber's spans and metrics through the test kit (the same dispatch code as the runner). */
class SubscriberTelemetryTest {
    static final String SECRET = "sk_live_4f9Qz81";
    final InMemoryTelemetry otel = new InMemoryTelemetry();

    @AfterEach
    void close() {
        otel.close();
    }

    SubscriberConfig config(String name, OpenTelemetry o) {
        return SubscriberConfig.fromMap(Map.of(SubscriberConfig.SUBSCRIBER_NAME, name,
                SubscriberConfig.BOOTSTRAP_SERVERS, "unused:9092", SubscriberConfig.SCHEMA_REGISTRY_URL, "http://unused",
                SubscriberConfig.RETRY_MAX_ATTEMPTS, "3", SubscriberConfig.RETRY_BACKOFF_INITIAL_MS, "1000",
                SubscriberConfig.RETRY_BACKOFF_MAX_MS, "1000",
                RedactionConfig.VALUE_PATTERNS, "/sk_live_[A-Za-z0-9]+/")).withOpenTelemetry(o);
    }

    @Test
    void processSpanIsAConsumerChildOfAndLinkedToTheProducerWithMessagingAttributesAndTheAttemptInTheMdc() {
        Map<String, String> mdc = new HashMap<>();
        TaskerSubscriber s = TaskerSubscriber.builder("audit").on("order.created", e -> {
            mdc.put(LogKeys.TRACE_ID, MDC.get(LogKeys.TRACE_ID));
            mdc.put(LogKeys.SPAN_ID, MDC.get(LogKeys.SPAN_ID));
            mdc.put("current", Span.current().getSpanContext().getSpanId());
        }).named("auditor").build();
        SubscriberTestKit kit = SubscriberTestKit.of(s, config("audit", otel.sdk));
        Span producer = otel.sdk.getTracer("test").spanBuilder("task").startSpan();
        try (Scope ignored = producer.makeCurrent()) {
            kit.send(Event.builder("order.created").id("ev-1").taskId("task-1").correlationId("c-1").step("charge")
                    .attempt(2).build());
        }
        producer.end();

        SpanData process = otel.spansNamed("process tasker.domain-events.test").get(0);
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(producer.getSpanContext().getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(producer.getSpanContext().getSpanId());
        assertThat(process.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
                .containsExactly(producer.getSpanContext().getSpanId());
        var a = process.getAttributes();
        assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_SYSTEM)).isEqualTo("kafka");
        assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_OPERATION_TYPE)).isEqualTo("process");
        assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_OPERATION_NAME)).isEqualTo("process");
        assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_DESTINATION_NAME)).isEqualTo("tasker.domain-events.test");
        assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_DESTINATION_PARTITION_ID)).isEqualTo("0");
        assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_CONSUMER_GROUP_NAME)).isEqualTo("audit");
        assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_KAFKA_OFFSET)).isEqualTo(0L);
        assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_KAFKA_MESSAGE_KEY)).isEqualTo("task-1");
        assertThat(a.get(MessagingIncubatingAttributes.MESSAGING_MESSAGE_ID)).isEqualTo("ev-1");
        assertThat(a.get(TelemetryNames.EVENT_NAME)).isEqualTo("order.created");
        assertThat(a.get(TelemetryNames.TASK_ID)).isEqualTo("task-1");
        assertThat(a.get(TelemetryNames.SUBSCRIBER)).isEqualTo("audit");
        assertThat(a.get(TelemetryNames.STEP_NAME)).isEqualTo("charge");
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        SpanData attempt = otel.spansNamed("handle auditor").get(0);
        assertThat(attempt.getParentSpanId()).isEqualTo(process.getSpanId());
        assertThat(attempt.getAttributes().get(TelemetryNames.HANDLER_ATTEMPT)).isEqualTo(1L);
        assertThat(mdc).containsEntry(LogKeys.TRACE_ID, attempt.getTraceId())
                .containsEntry(LogKeys.SPAN_ID, attempt.getSpanId()).containsEntry("current", attempt.getSpanId());
        assertThat(MDC.get(LogKeys.TRACE_ID)).isNull();
    }

    @Test
    void everyAttemptIsASpanAndEveryRetryAnEventAndTheCountersMatch() {
        AtomicInteger calls = new AtomicInteger();
        TaskerSubscriber s = TaskerSubscriber.builder("flaky").on("order.created", e -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("downstream busy");
            }
        }).named("mailer").build();
        SubscriberTestKit kit = SubscriberTestKit.of(s, config("flaky", otel.sdk));

        assertThat(kit.send(Event.builder("order.created").taskId("t-2").build()).handled()).containsExactly("mailer");

        List<SpanData> attempts = new ArrayList<>(otel.spansNamed("handle mailer"));
        attempts.sort(Comparator.comparing(sp -> sp.getAttributes().get(TelemetryNames.HANDLER_ATTEMPT)));
        assertThat(attempts).extracting(sp -> sp.getAttributes().get(TelemetryNames.HANDLER_ATTEMPT))
                .containsExactly(1L, 2L, 3L);
        assertThat(attempts).extracting(sp -> sp.getStatus().getStatusCode())
                .containsExactly(StatusCode.ERROR, StatusCode.ERROR, StatusCode.UNSET);
        assertThat(attempts.get(0).getEvents()).extracting(EventData::getName).containsExactly("exception");
        SpanData process = otel.spansNamed("process tasker.domain-events.test").get(0);
        assertThat(process.getEvents()).extracting(EventData::getName)
                .containsExactly(TelemetryNames.RETRY_EVENT, TelemetryNames.RETRY_EVENT);
        assertThat(process.getEvents().get(1).getAttributes().get(TelemetryNames.HANDLER_ATTEMPT)).isEqualTo(2L);
        assertThat(process.getEvents().get(1).getAttributes().get(TelemetryNames.RETRY_DELAY_MS)).isEqualTo(1000L);
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        var data = otel.collect();
        Map<AttributeKey<String>, String> of = Map.of(TelemetryNames.SUBSCRIBER, "flaky", TelemetryNames.EVENT_NAME,
                "order.created", TelemetryNames.HANDLER, "mailer");
        assertThat(sum(data, TelemetryNames.RECEIVED, of)).isEqualTo(1).isEqualTo(kit.metrics().received("mailer"));
        assertThat(sum(data, TelemetryNames.HANDLED, of)).isEqualTo(1).isEqualTo(kit.metrics().handled("mailer"));
        assertThat(sum(data, TelemetryNames.RETRIED, of)).isEqualTo(2).isEqualTo(kit.metrics().retried("mailer"));
        assertThat(sum(data, TelemetryNames.DEAD_LETTERED, of)).isZero();
        assertThat(histogramCount(data, TelemetryNames.HANDLER_DURATION, of)).isEqualTo(3);
        assertThat(histogramCount(data, TelemetryNames.HANDLER_DURATION,
                Map.of(TelemetryNames.HANDLER_OUTCOME, "failure"))).isEqualTo(2);
    }

    @Test
    void aDeadLetterMakesTheProcessSpanAnErrorAndTheSecretOfTheExceptionReachesNoSpan() {
        TaskerSubscriber s = TaskerSubscriber.builder("strict").on("order.created", e -> {
            throw new IllegalStateException("crm rejected key " + SECRET,
                    new java.io.IOException("auth failed for " + SECRET));
        }).named("crm").build();
        SubscriberTestKit kit = SubscriberTestKit.of(s, config("strict", otel.sdk));

        assertThat(kit.send(Event.builder("order.created").taskId("t-3").build()).deadLettered()).hasSize(1);

        SpanData process = otel.spansNamed("process tasker.domain-events.test").get(0);
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        EventData dead = process.getEvents().stream().filter(e -> e.getName().equals(TelemetryNames.DEAD_LETTER_EVENT))
                .findFirst().orElseThrow();
        assertThat(dead.getAttributes().get(TelemetryNames.DLQ_REASON)).isEqualTo(DlqHeaders.REASON_RETRIES_EXHAUSTED);
        assertThat(dead.getAttributes().get(TelemetryNames.ATTEMPTS)).isEqualTo(3L);
        assertThat(dead.getAttributes().get(TelemetryNames.HANDLER)).isEqualTo("crm");
        String everything = InMemoryTelemetry.allText(otel.finishedSpans());
        assertThat(everything).doesNotContain(SECRET).contains("crm rejected key ***REDACTED***")
                .contains("auth failed for ***REDACTED***");
        assertThat(sum(otel.collect(), TelemetryNames.DEAD_LETTERED, Map.of(TelemetryNames.HANDLER, "crm",
                TelemetryNames.DLQ_REASON, DlqHeaders.REASON_RETRIES_EXHAUSTED))).isEqualTo(1);
    }

    @Test
    void withoutAnSdkTheHandlersLogLinesStillCarryTheProducersTraceId() {
        Map<String, String> mdc = new HashMap<>();
        TaskerSubscriber s = TaskerSubscriber.builder("plain").on("order.created",
                e -> mdc.put(LogKeys.TRACE_ID, MDC.get(LogKeys.TRACE_ID))).build();
        SubscriberTestKit kit = SubscriberTestKit.of(s, config("plain", OpenTelemetry.noop()));
        SpanContext producer = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault());
        try (Scope ignored = Span.wrap(producer).makeCurrent()) {
            kit.send(Event.builder("order.created").taskId("t-4").build());
        }
        assertThat(mdc).containsEntry(LogKeys.TRACE_ID, "0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void messagingAttributeNamesAreThoseOfTheSemanticConventions() {
        assertThat(TelemetryNames.MESSAGING_SYSTEM).isEqualTo(MessagingIncubatingAttributes.MESSAGING_SYSTEM);
        assertThat(TelemetryNames.KAFKA).isEqualTo(
                MessagingIncubatingAttributes.MessagingSystemIncubatingValues.KAFKA);
        assertThat(TelemetryNames.MESSAGING_OPERATION_TYPE)
                .isEqualTo(MessagingIncubatingAttributes.MESSAGING_OPERATION_TYPE);
        assertThat(TelemetryNames.PROCESS).isEqualTo(
                MessagingIncubatingAttributes.MessagingOperationTypeIncubatingValues.PROCESS);
        assertThat(TelemetryNames.MESSAGING_OPERATION_NAME)
                .isEqualTo(MessagingIncubatingAttributes.MESSAGING_OPERATION_NAME);
        assertThat(TelemetryNames.MESSAGING_DESTINATION_NAME)
                .isEqualTo(MessagingIncubatingAttributes.MESSAGING_DESTINATION_NAME);
        assertThat(TelemetryNames.MESSAGING_DESTINATION_PARTITION_ID)
                .isEqualTo(MessagingIncubatingAttributes.MESSAGING_DESTINATION_PARTITION_ID);
        assertThat(TelemetryNames.MESSAGING_CONSUMER_GROUP_NAME)
                .isEqualTo(MessagingIncubatingAttributes.MESSAGING_CONSUMER_GROUP_NAME);
        assertThat(TelemetryNames.MESSAGING_KAFKA_OFFSET).isEqualTo(MessagingIncubatingAttributes.MESSAGING_KAFKA_OFFSET);
        assertThat(TelemetryNames.MESSAGING_KAFKA_MESSAGE_KEY)
                .isEqualTo(MessagingIncubatingAttributes.MESSAGING_KAFKA_MESSAGE_KEY);
        assertThat(TelemetryNames.MESSAGING_MESSAGE_ID).isEqualTo(MessagingIncubatingAttributes.MESSAGING_MESSAGE_ID);
        assertThat(TelemetryNames.MESSAGING_MESSAGE_BODY_SIZE)
                .isEqualTo(MessagingIncubatingAttributes.MESSAGING_MESSAGE_BODY_SIZE);
    }
}
