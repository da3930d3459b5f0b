package io.tasker.topology.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TraceHeaders;

/**
 * The span of one {@code POST /v1/tasks} ({@code SERVER}, HTTP semantic conventions): a child of the request's
 * {@code traceparent} when it has one, and the parent of the task's span through the {@code traceparent} of the
 * {@code TaskRequest} it writes. With tracing off no span is made and the request's {@code traceparent} is passed on
 * unchanged, so the task still joins the caller's trace. Thread-safe.
 */
final class SubmitSpans {
    static final SubmitSpans OFF = new SubmitSpans(null);
    static final String ROUTE = "/v1/tasks";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private final Tracer tracer;

    private SubmitSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    static SubmitSpans of(TaskerTelemetry telemetry) {
        return telemetry == null || !telemetry.tracingEnabled() ? OFF : new SubmitSpans(telemetry.tracer());
    }

    /** Starts the submission's span (none when off) from the request's {@code traceparent} header (may be null). */
    Submission start(String traceparent) {
        SpanContext caller = TraceHeaders.parse(traceparent);
        if (tracer == null) return new Submission(null, caller.isValid() ? TraceHeaders.format(caller) : null);
        Span span = tracer.spanBuilder("POST " + ROUTE).setSpanKind(SpanKind.SERVER)
                .setParent(caller.isValid() ? Context.root().with(Span.wrap(caller)) : Context.root())
                .setAttribute(METHOD, "POST").setAttribute(HTTP_ROUTE, ROUTE).startSpan();
        return new Submission(span, TraceHeaders.format(span.getSpanContext()));
    }

    /** One submission: its span (null when off) and the {@code traceparent} its task request carries. */
    static final class Submission {
        private final Span span;
        private final String traceparent;

        private Submission(Span span, String traceparent) {
            this.span = span;
            this.traceparent = traceparent;
        }

        String traceparent() {
            return traceparent;
        }

        void task(String taskId, String namespace, String template) {
            if (span == null) return;
            span.setAttribute(TaskSpans.TASK_ID, taskId).setAttribute(TaskSpans.NAMESPACE, namespace)
                    .setAttribute(TaskSpans.TEMPLATE_NAME, template);
        }

        /** @param error an unexpected failure (its type only: the message may quote the request) */
        void end(int status, Throwable error) {
            if (span == null) return;
            span.setAttribute(STATUS, (long) status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
                span.setAttribute(TaskSpans.ERROR_TYPE, error != null ? error.getClass().getName() : Integer.toString(status));
            }
            span.end();
        }
    }
}
