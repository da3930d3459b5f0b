package io.tasker.telemetry;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * The W3C trace context as Tasker's Kafka records and HTTP requests carry it: the {@code traceparent} header
 * ({@code 00-<trace id>-<parent span id>-<flags>}). Parsed and written here, without a propagator, so a record costs
 * one header lookup and no allocation beyond the ids. {@code tracestate} is not carried (Tasker adds no vendor state).
 * Stateless and thread-safe.
 */
public final class TraceHeaders {
    /** The W3C header name, on Kafka records and HTTP requests alike. */
    public static final String TRACEPARENT = "traceparent";

    private TraceHeaders() {
    }

    /** The span context {@code traceparent} names (remote), or {@link SpanContext#getInvalid()} when it is absent or malformed. */
    public static SpanContext parse(String traceparent) {
        if (traceparent == null || traceparent.length() < 55) return SpanContext.getInvalid();
        String v = traceparent.trim();
        // version 00 is exactly 55 characters; later versions may append fields after another '-'
        if (v.length() < 55 || v.charAt(2) != '-' || v.charAt(35) != '-' || v.charAt(52) != '-'
                || (v.length() > 55 && v.charAt(55) != '-') || v.startsWith("ff")) {
            return SpanContext.getInvalid();
        }
        String traceId = v.substring(3, 35);
        String spanId = v.substring(36, 52);
        String flags = v.substring(53, 55);
        if (!TraceId.isValid(traceId) || !SpanId.isValid(spanId) || !isHex(flags)) return SpanContext.getInvalid();
        return SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.fromHex(flags, 0), TraceState.getDefault());
    }

    /** The span context of the record's {@code traceparent} header (the last one), or invalid when there is none. */
    public static SpanContext parse(Headers headers) {
        if (headers == null) return SpanContext.getInvalid();
        Header h = headers.lastHeader(TRACEPARENT);
        if (h == null || h.value() == null) return SpanContext.getInvalid();
        return parse(new String(h.value(), StandardCharsets.UTF_8));
    }

    /** The {@code traceparent} value naming span {@code spanId} of trace {@code traceId}, sampled. */
    public static String format(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    /** The {@code traceparent} value of {@code span}; null when it is invalid (a no-op span). */
    public static String format(SpanContext span) {
        if (span == null || !span.isValid()) return null;
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** Sets (replaces) the {@code traceparent} header of {@code headers}; does nothing when {@code traceparent} is null. */
    public static Headers put(Headers headers, String traceparent) {
        if (traceparent == null) return headers;
        headers.remove(TRACEPARENT);
        headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }
}
