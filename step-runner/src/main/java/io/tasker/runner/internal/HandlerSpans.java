package io.tasker.runner.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.tasker.avro.StepCommand;
import io.tasker.runner.StepOutcome;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TraceHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The span of one handler execution: {@code CONSUMER}, named {@code process <commands topic>} with the OpenTelemetry
 * messaging attributes of the Kafka record, a child of the {@code traceparent} the command carries (the topology's span
 * of that step attempt). Its moments ({@code step.before_handle}, {@code step.after_handle}) are span events; a failure
 * is an ERROR with {@code error.type} and an {@code exception} event whose message is masked by the value patterns of
 * the runner's redaction, exactly as the reported failure is masked (no context value is ever an attribute). With tracing off {@link #start} returns a shared no-op
 * and nothing is parsed. Thread-safe.
 */
final class HandlerSpans {
    static final String BEFORE_HANDLE = "step.before_handle";
    static final String AFTER_HANDLE = "step.after_handle";
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    private static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    private static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("tasker.task.id");
    private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("tasker.namespace");
    private static final AttributeKey<String> STEP_NAME = AttributeKey.stringKey("tasker.step.name");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("tasker.step.attempt");
    private static final AttributeKey<String> HANDLER = AttributeKey.stringKey("tasker.handler.name");
    private static final AttributeKey<String> RUNNER_ID = AttributeKey.stringKey("tasker.runner.id");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tasker.step.outcome");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

    static final HandlerSpans OFF = new HandlerSpans(null, null, null, (cmd, text) -> text);

    private final Tracer tracer; // null = off
    private final String runnerId;
    private final String groupId;
    private final java.util.function.BiFunction<StepCommand, String, String> mask;

    /** @param mask masks an error text of an attempt as its reported failure is masked (the same secrets, the same rules) */
    HandlerSpans(TaskerTelemetry telemetry, String runnerId, String groupId,
                 java.util.function.BiFunction<StepCommand, String, String> mask) {
        this.tracer = telemetry == null || !telemetry.tracingEnabled() ? null : telemetry.tracer();
        this.runnerId = runnerId;
        this.groupId = groupId;
        this.mask = mask;
    }

    /** Starts the span of handling {@code rec} (decoded as {@code cmd}); the no-op {@link Handling#NONE} when off. */
    Handling start(ConsumerRecord<byte[], byte[]> rec, StepCommand cmd) {
        if (tracer == null) return Handling.NONE;
        SpanContext parent = TraceHeaders.parse(rec.headers());
        AttributesBuilder a = Attributes.builder().put(SYSTEM, "kafka").put(OPERATION_TYPE, "process")
                .put(OPERATION_NAME, "process").put(DESTINATION, rec.topic())
                .put(PARTITION, Integer.toString(rec.partition())).put(OFFSET, rec.offset())
                .put(KEY, cmd.getTaskId()).put(TASK_ID, cmd.getTaskId()).put(NAMESPACE, cmd.getNamespace())
                .put(STEP_NAME, cmd.getStepName()).put(ATTEMPT, (long) cmd.getAttempt());
        if (groupId != null) a.put(GROUP, groupId);
        if (runnerId != null) a.put(RUNNER_ID, runnerId);
        if (cmd.getHandler() != null) a.put(HANDLER, cmd.getHandler());
        Span span = tracer.spanBuilder("process " + rec.topic()).setSpanKind(SpanKind.CONSUMER)
                .setParent(parent.isValid() ? Context.root().with(Span.wrap(parent)) : Context.root())
                .setAllAttributes(a.build()).startSpan();
        return new Handling(span, text -> mask.apply(cmd, text));
    }

    /** One handler execution's span; {@link #NONE} does nothing. Used by the worker, and by the watchdog for its id. */
    static class Handling {
        static final Handling NONE = new Handling(null, null);

        private final Span span;
        private final java.util.function.UnaryOperator<String> mask;

        private Handling(Span span, java.util.function.UnaryOperator<String> mask) {
            this.span = span;
            this.mask = mask;
        }

        /** The {@code traceparent} of what the handling produces (result, events); null when off. */
        String traceparent() {
            return span == null ? null : TraceHeaders.format(span.getSpanContext());
        }

        String traceId() {
            return span == null ? null : span.getSpanContext().getTraceId();
        }

        String spanId() {
            return span == null ? null : span.getSpanContext().getSpanId();
        }

        void event(String name) {
            if (span != null) span.addEvent(name);
        }

        /** The handler returned {@code outcome} (in time); the span records it and ends. */
        void returned(StepOutcome outcome) {
            if (span == null) return;
            if (outcome instanceof StepOutcome.Failure f) {
                span.addEvent(AFTER_HANDLE, Attributes.of(OUTCOME, "failure"));
                fail(f.exceptionClass() != null ? f.exceptionClass() : "failure", f.message());
            } else {
                span.addEvent(AFTER_HANDLE, Attributes.of(OUTCOME, "success"));
            }
            span.end();
        }

        /** The handler returned after its timeout was reported (its outcome is discarded); the span ends as a timeout. */
        void timedOut(String message) {
            if (span == null) return;
            span.addEvent(AFTER_HANDLE, Attributes.of(OUTCOME, "timeout"));
            fail(io.tasker.schemas.StepErrorClasses.TIMEOUT, message);
            span.end();
        }

        /** The handling ended without an outcome (the command could not be decoded, the runner stops). */
        void abandoned(Throwable error) {
            if (span == null) return;
            fail(error.getClass().getName(), error.getMessage());
            span.end();
        }

        private void fail(String type, String message) {
            String masked = message == null ? null : mask.apply(message);
            span.setAttribute(ERROR_TYPE, type);
            span.setStatus(StatusCode.ERROR, masked == null ? "" : masked);
            AttributesBuilder ex = Attributes.builder().put(EXCEPTION_TYPE, type);
            if (masked != null) ex.put(EXCEPTION_MESSAGE, masked);
            span.addEvent("exception", ex.build());
        }
    }
}
