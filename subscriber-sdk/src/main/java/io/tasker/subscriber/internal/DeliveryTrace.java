package io.tasker.subscriber.internal;

import static io.tasker.subscriber.internal.TelemetryNames.*;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The trace of one record's delivery: its process span, a child span per handler attempt, the retries and dead
 * letters as span events. Handlers of one record run concurrently: every method is thread-safe (the span API is).
 */
public final class DeliveryTrace {
    private final SubscriberTracing tracing;
    private final Span span;
    private final Context context;

    DeliveryTrace(SubscriberTracing tracing, Span span, Context context) {
        this.tracing = tracing;
        this.span = span;
        this.context = context;
    }

    Span span() {
        return span;
    }

    /** The context with the process span current: the parent of the attempts. */
    public Context context() {
        return context;
    }

    /** Starts the span of one handler attempt, child of the process span. */
    Span startAttempt(String handler, int attempt) {
        Span s = tracing.tracer().spanBuilder(HANDLER_SPAN_PREFIX + handler).setParent(context).startSpan();
        if (s.isRecording()) {
            s.setAttribute(HANDLER, handler);
            s.setAttribute(HANDLER_ATTEMPT, (long) attempt);
        }
        return s;
    }

    /** Ends an attempt's span as failed with {@code error} (message and stack trace redacted). */
    void attemptFailed(Span attempt, Throwable error) {
        tracing.recordException(attempt, error);
        attempt.setStatus(StatusCode.ERROR, "attempt failed");
        attempt.end();
    }

    /** A failed attempt will be retried after {@code delay}. */
    void retrying(String handler, int attempt, Throwable error, Duration delay) {
        if (span.isRecording()) {
            span.addEvent(RETRY_EVENT, failure(handler, HANDLER_ATTEMPT, attempt, error)
                    .put(RETRY_DELAY_MS, delay.toMillis()).build());
        }
    }

    /** {@code handler} gave up: a span event, and the span's status is ERROR. */
    void deadLettered(String handler, String reason, int attempts, Throwable error) {
        if (span.isRecording()) {
            AttributesBuilder a = failure(handler, ATTEMPTS, attempts, error).put(DLQ_REASON, reason);
            if (tracing.dlqTopic() != null) {
                a.put(DLQ_TOPIC, tracing.dlqTopic());
            }
            span.addEvent(DEAD_LETTER_EVENT, a.build());
            if (handler == null) {
                tracing.recordException(span, error);
            } else {
                span.setAttribute(ERROR_TYPE, error.getClass().getName());
            }
        }
        span.setStatus(StatusCode.ERROR, "dead-lettered: " + reason);
    }

    private AttributesBuilder failure(String handler, io.opentelemetry.api.common.AttributeKey<Long> countKey,
            int count, Throwable error) {
        AttributesBuilder a = Attributes.builder().put(countKey, (long) count)
                .put(ERROR_TYPE, error.getClass().getName());
        if (handler != null) {
            a.put(HANDLER, handler);
        }
        if (error.getMessage() != null) {
            a.put(EXCEPTION_MESSAGE, tracing.redact(error.getMessage()));
        }
        return a;
    }

    /**
     * {@code source} with its {@code traceparent} (and {@code tracestate}) naming the process span, for the
     * dead-letter record: a replay of it then continues this trace. Unchanged when there is no valid span context.
     */
    SourceRecord traced(SourceRecord source) {
        SpanContext sc = span.getSpanContext();
        if (!sc.isValid()) {
            return source;
        }
        RecordHeaders headers = new RecordHeaders();
        if (source.headers() != null) {
            for (Header h : source.headers()) {
                if (!SubscriberTracing.W3C.fields().contains(h.key())) {
                    headers.add(h.key(), h.value());
                }
            }
        }
        SubscriberTracing.W3C.inject(context, headers, SubscriberTracing.SETTER);
        return new SourceRecord(source.topic(), source.partition(), source.offset(), source.key(), source.value(),
                headers);
    }

    /** Ends the process span, once every handler finished. */
    void end() {
        span.end();
    }
}
