package io.tasker.subscriber.internal;

import static io.tasker.subscriber.internal.TelemetryNames.*;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.subscriber.Event;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Starts the spans of a subscriber: one CONSUMER span {@code process <topic>} per record handed to handlers, child of
 * and linked to the producer's span named by the record's W3C {@code traceparent} header (the task or step span of
 * the topology and runner). The W3C propagator is used whatever the application configured, because that is the
 * header Tasker writes. Thread-safe.
 *
 * <p>With the no-op API (no SDK installed, no agent) spans are not recording: no attribute is built, and the span
 * context is the producer's, so log lines still carry the task's trace id.
 */
public final class SubscriberTracing {
    /** Tracing through the no-op API: only the producer's context is carried. */
    public static final SubscriberTracing NOOP = new SubscriberTracing(OpenTelemetry.noop(), "", "", null,
            Redactor.defaults());

    static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            for (Header h : carrier) {
                keys.add(h.key());
            }
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            if (carrier == null) {
                return null;
            }
            Header h = carrier.lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    static final TextMapSetter<Headers> SETTER = (carrier, key, value) -> {
        carrier.remove(key);
        carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final Tracer tracer;
    private final String subscriber;
    private final String groupId;
    private final String dlqTopic;
    private final Redactor redactor;
    /** {@code process <topic>} per topic read: no string is built per record. */
    private final java.util.concurrent.ConcurrentHashMap<String, String> spanNames =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param dlqTopic where dead letters go (named on the dead-letter span event); null when there is no topic
     * @param redactor masks exception messages and stack traces recorded on spans
     */
    public SubscriberTracing(OpenTelemetry otel, String subscriber, String groupId, String dlqTopic,
            Redactor redactor) {
        String version = SubscriberTracing.class.getPackage().getImplementationVersion();
        var builder = otel.getTracerProvider().tracerBuilder(SCOPE);
        this.tracer = (version == null ? builder : builder.setInstrumentationVersion(version)).build();
        this.subscriber = subscriber;
        this.groupId = groupId;
        this.dlqTopic = dlqTopic;
        this.redactor = redactor;
    }

    /** The producer's context of {@code headers} (their {@code traceparent}), or the root context. */
    static Context extract(Headers headers) {
        return headers == null ? Context.root() : W3C.extract(Context.root(), headers, GETTER);
    }

    /** Starts the process span of {@code event}, read from {@code source}. */
    public DeliveryTrace start(Event event, SourceRecord source) {
        DeliveryTrace t = start(source, event.name());
        Span span = t.span();
        if (span.isRecording()) {
            span.setAttribute(MESSAGING_MESSAGE_ID, event.id());
            span.setAttribute(TASK_ID, event.taskId());
            span.setAttribute(EVENT_KIND, event.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (event.correlationId() != null) {
                span.setAttribute(CORRELATION_ID, event.correlationId());
            }
            if (event.step() != null) {
                span.setAttribute(STEP_NAME, event.step());
            }
            if (event.attempt() != null && event.attempt() > 0) {
                span.setAttribute(STEP_ATTEMPT, event.attempt().longValue());
            }
        }
        return t;
    }

    /** Starts the process span of an undecodable record ({@code eventName} and {@code eventId} may be null). */
    public DeliveryTrace startUndecodable(SourceRecord source, String eventName, String eventId) {
        DeliveryTrace t = start(source, eventName);
        if (eventId != null && t.span().isRecording()) {
            t.span().setAttribute(MESSAGING_MESSAGE_ID, eventId);
        }
        return t;
    }

    private DeliveryTrace start(SourceRecord source, String eventName) {
        Context parent = extract(source.headers());
        SpanContext producer = Span.fromContext(parent).getSpanContext();
        SpanBuilder b = tracer.spanBuilder(spanNames.computeIfAbsent(source.topic(), t -> PROCESS_SPAN_PREFIX + t))
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent)
                // sampling-relevant attributes are given before the span starts (messaging semantic conventions)
                .setAttribute(MESSAGING_SYSTEM, KAFKA)
                .setAttribute(MESSAGING_OPERATION_TYPE, PROCESS)
                .setAttribute(MESSAGING_DESTINATION_NAME, source.topic());
        if (producer.isValid()) {
            // the child relation puts the subscriber's work in the task's trace; the link serves backends that
            // model messaging as separate traces and follow links only
            b.addLink(producer);
        }
        Span span = b.startSpan();
        if (span.isRecording()) {
            span.setAttribute(MESSAGING_OPERATION_NAME, PROCESS);
            span.setAttribute(MESSAGING_CONSUMER_GROUP_NAME, groupId);
            span.setAttribute(MESSAGING_DESTINATION_PARTITION_ID, Integer.toString(source.partition()));
            span.setAttribute(MESSAGING_KAFKA_OFFSET, source.offset());
            if (source.key() != null) {
                span.setAttribute(MESSAGING_KAFKA_MESSAGE_KEY, new String(source.key(), StandardCharsets.UTF_8));
            }
            if (source.value() != null) {
                span.setAttribute(MESSAGING_MESSAGE_BODY_SIZE, (long) source.value().length);
            }
            span.setAttribute(SUBSCRIBER, subscriber);
            if (eventName != null) {
                span.setAttribute(EVENT_NAME, eventName);
            }
        }
        return new DeliveryTrace(this, span, parent.with(span));
    }

    Tracer tracer() {
        return tracer;
    }

    String dlqTopic() {
        return dlqTopic;
    }

    /**
     * Records {@code error} as an {@code exception} span event whose message and stack trace went through the
     * redactor (a handler's error text may quote a secret), and {@code error.type}.
     */
    void recordException(Span span, Throwable error) {
        if (!span.isRecording()) {
            return;
        }
        AttributesBuilder a = Attributes.builder().put(EXCEPTION_TYPE, error.getClass().getName());
        if (error.getMessage() != null) {
            a.put(EXCEPTION_MESSAGE, redact(error.getMessage()));
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        a.put(EXCEPTION_STACKTRACE, redact(trace.toString()));
        span.addEvent(EXCEPTION_EVENT, a.build());
        span.setAttribute(ERROR_TYPE, error.getClass().getName());
    }

    String redact(String text) {
        return redactor.redactText(text);
    }
}
