package io.tasker.topology.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TraceHeaders;
import io.tasker.telemetry.TraceIds;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns what a decision recorded into spans of the task's trace. Every span is created when what it describes is over,
 * from the task record alone, with the record's start and end times: a step attempt's span when its result (or
 * timeout) is recorded, the task's span when the task ends. So a topology restart in the middle of a task loses
 * nothing, and whichever instance records the end reports the span. Span ids are derived ({@link TraceIds}), so the
 * runner's handler span (created earlier, from the command's {@code traceparent}) and the lifecycle records name
 * parents that exist by the time the trace is complete.
 *
 * <p>The telemetry-only system events become span events: {@code step.enqueued} and {@code step.started} from the
 * attempt's record, the decision's events about the attempt ({@code step.failed}, {@code step.retry_requested}, ...),
 * {@code task.initialize_requested} and {@code workflow.viable_steps_discovered} (from the attempts' dispatch times) on
 * the task span. With tracing off every method returns at once. Thread-safe (stateless besides the tracer).
 */
final class TaskSpans {
    static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("tasker.task.id");
    static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("tasker.namespace");
    static final AttributeKey<String> TEMPLATE_NAME = AttributeKey.stringKey("tasker.template.name");
    static final AttributeKey<String> TEMPLATE_VERSION = AttributeKey.stringKey("tasker.template.version");
    static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("tasker.correlation_id");
    static final AttributeKey<String> TASK_STATE = AttributeKey.stringKey("tasker.task.state");
    static final AttributeKey<Boolean> RESUMED = AttributeKey.booleanKey("tasker.task.resumed");
    static final AttributeKey<String> STEP_NAME = AttributeKey.stringKey("tasker.step.name");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("tasker.step.attempt");
    static final AttributeKey<Long> MAX_ATTEMPTS = AttributeKey.longKey("tasker.step.max_attempts");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tasker.step.outcome");
    static final AttributeKey<String> RUNNER_ID = AttributeKey.stringKey("tasker.runner.id");
    static final AttributeKey<Long> QUEUE_MS = AttributeKey.longKey("tasker.step.queue_time_ms");
    static final AttributeKey<Long> EXECUTION_MS = AttributeKey.longKey("tasker.step.execution_time_ms");
    static final AttributeKey<Long> RETRY_DELAY_MS = AttributeKey.longKey("tasker.retry.delay_ms");
    static final AttributeKey<String> READY_STEPS = AttributeKey.stringKey("tasker.workflow.ready_steps");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");
    /** {@code outcome} of an attempt a failed or cancelled task left without a result. */
    static final String ABANDONED = "abandoned";

    static final TaskSpans OFF = new TaskSpans(null);

    private final Tracer tracer; // null = tracing off

    TaskSpans(TaskerTelemetry telemetry) {
        this.tracer = telemetry == null || !telemetry.tracingEnabled() ? null : telemetry.tracer();
    }

    static TaskSpans of(TaskerTelemetry telemetry) {
        return telemetry == null || !telemetry.tracingEnabled() ? OFF : new TaskSpans(telemetry);
    }

    boolean on() {
        return tracer != null;
    }

    /** The {@code traceparent} of attempt {@code attempt} of {@code step} (its command's header); null when off. */
    String stepTraceparent(TaskRecord task, String step, int attempt) {
        if (tracer == null || task.traceId() == null) return null;
        return TraceHeaders.format(task.traceId(), TraceIds.stepAttemptSpanId(task.traceId(), task.taskId(), step, attempt));
    }

    /** The {@code traceparent} of a lifecycle record: its attempt's span for a step event, else the task's span. */
    String eventTraceparent(TaskRecord task, Decision.Event e) {
        if (tracer == null || task.traceId() == null) return null;
        if (e.step() != null && e.step().attempt() > 0) return stepTraceparent(task, e.step().name(), e.step().attempt());
        return TraceHeaders.format(task.traceId(), TraceIds.taskSpanId(task.traceId(), task.taskId()));
    }

    /** The task to write: marks when an operator resumed a failed task (its span ended when it failed). */
    TaskRecord beforeWrite(TaskRecord before, TaskRecord after, long now) {
        if (tracer == null || before == null || after.traceId() == null) return after;
        if (before.state() == TaskState.ERROR && after.state() == TaskState.IN_PROGRESS) return after.withResumedAt(now);
        return after;
    }

    /** Reports the spans of what {@code d} ended: recorded attempts, attempts left without a result, the task. */
    void record(TaskRecord before, TaskRecord task, Decision d, LifecycleEvents.Masking masking, long now) {
        if (tracer == null || task.traceId() == null) return;
        for (Decision.Event e : d.events()) {
            if ((e.type() != LifecycleEventType.STEP_COMPLETED && e.type() != LifecycleEventType.STEP_FAILED)
                    || e.step() == null || e.step().attempt() == 0 || e.completedManually()) {
                continue;
            }
            StepRecord step = task.step(e.step().name()).orElse(null);
            AttemptRecord a = step == null ? null : attempt(step, e.step().attempt());
            if (a == null || a.recordedAt() == 0 || alreadyRecorded(before, step.name(), a.attempt())) continue;
            attemptSpan(task, step, a, d, masking, a.recordedAt(), null);
        }
        boolean ended = task.state() == TaskState.ERROR || task.state().isTerminal();
        TaskState from = before == null ? TaskState.PENDING : before.state();
        if (!ended || from == TaskState.ERROR || from == task.state()) return;
        for (StepRecord step : task.steps()) {
            StepRecord was = before == null ? null : before.step(step.name()).orElse(null);
            if (was == null || !was.state().isAwaitingResult() || step.state().isAwaitingResult()) continue;
            AttemptRecord a = attempt(step, was.attempt());
            if (a != null && a.recordedAt() == 0) attemptSpan(task, step, a, d, masking, now, task.error());
        }
        taskSpan(task, d, masking, now);
    }

    private static boolean alreadyRecorded(TaskRecord before, String step, int attempt) {
        if (before == null) return false;
        StepRecord was = before.step(step).orElse(null);
        AttemptRecord a = was == null ? null : attempt(was, attempt);
        return a != null && a.recordedAt() > 0;
    }

    private static AttemptRecord attempt(StepRecord step, int attempt) {
        for (AttemptRecord a : step.attempts()) {
            if (a.attempt() == attempt) return a;
        }
        return null;
    }

    /** @param abandonedBecause non-null for an attempt the task's end left without a result (ends at {@code end}) */
    private void attemptSpan(TaskRecord task, StepRecord step, AttemptRecord a, Decision d, LifecycleEvents.Masking masking,
                             long end, String abandonedBecause) {
        String traceId = task.traceId();
        SpanContext parent = SpanContext.create(traceId, TraceIds.taskSpanId(traceId, task.taskId()),
                TraceFlags.getSampled(), TraceState.getDefault());
        boolean success = AttemptRecord.SUCCESS.equals(a.outcome());
        boolean timeout = TaskEngine.TIMEOUT_EXCEPTION.equals(a.exceptionClass());
        String outcome = abandonedBecause != null ? ABANDONED : success ? "success" : timeout ? "timeout" : "failure";
        AttributesBuilder attrs = taskAttributes(task).put(STEP_NAME, step.name()).put(ATTEMPT, (long) a.attempt())
                .put(MAX_ATTEMPTS, (long) step.maxAttempts()).put(OUTCOME, outcome);
        if (a.runnerId() != null) attrs.put(RUNNER_ID, a.runnerId());
        if (a.startedAt() > 0) {
            attrs.put(QUEUE_MS, Math.max(0, a.startedAt() - a.dispatchedAt()));
            if (a.finishedAt() > 0) attrs.put(EXECUTION_MS, Math.max(0, a.finishedAt() - a.startedAt()));
        }
        SpanBuilder b = tracer.spanBuilder("step " + step.name()).setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.root().with(Span.wrap(parent)))
                .setStartTimestamp(a.dispatchedAt(), TimeUnit.MILLISECONDS)
                .setAllAttributes(attrs.build());
        Span span = TraceIds.withSpanId(TraceIds.stepAttemptSpanId(traceId, task.taskId(), step.name(), a.attempt()), b::startSpan);
        span.addEvent(LifecycleEventType.STEP_ENQUEUED.wireName(), a.dispatchedAt(), TimeUnit.MILLISECONDS);
        if (a.startedAt() > 0) span.addEvent(LifecycleEventType.STEP_STARTED.wireName(), a.startedAt(), TimeUnit.MILLISECONDS);
        for (Decision.Event e : d.events()) {
            if (e.step() == null || !e.step().name().equals(step.name()) || e.step().attempt() != a.attempt()
                    || e.type() == LifecycleEventType.STEP_STARTED || e.type() == LifecycleEventType.STEP_ENQUEUED) {
                continue;
            }
            Attributes ea = e.retry() == null ? Attributes.empty() : Attributes.of(RETRY_DELAY_MS, e.retry().delayMs());
            span.addEvent(e.type().wireName(), ea, Math.max(e.occurredAt(), a.dispatchedAt()), TimeUnit.MILLISECONDS);
        }
        if (!success) {
            String type = abandonedBecause != null ? ABANDONED : a.exceptionClass() != null ? a.exceptionClass() : "failure";
            String message = masking.text(abandonedBecause != null ? abandonedBecause : a.errorMessage());
            span.setAttribute(ERROR_TYPE, type);
            span.setStatus(StatusCode.ERROR, message == null ? "" : message);
            AttributesBuilder ex = Attributes.builder().put(EXCEPTION_TYPE, type);
            if (message != null) ex.put(EXCEPTION_MESSAGE, message);
            if (a.backtrace() != null && !a.backtrace().isEmpty()) {
                ex.put(EXCEPTION_STACKTRACE, masking.text(String.join("\n", a.backtrace())));
            }
            span.addEvent("exception", ex.build(), end, TimeUnit.MILLISECONDS);
        }
        span.end(Math.max(end, a.dispatchedAt()), TimeUnit.MILLISECONDS);
    }

    /** The task's span (created to end of its first run), or the span of a run an operator resumed. */
    private void taskSpan(TaskRecord task, Decision d, LifecycleEvents.Masking masking, long end) {
        String traceId = task.traceId();
        String name = "task " + task.namespace() + "/" + task.templateName();
        String taskSpanId = TraceIds.taskSpanId(traceId, task.taskId());
        boolean resumed = task.resumedAt() != null;
        long start = resumed ? task.resumedAt() : task.createdAt();
        Context parent = Context.root();
        if (resumed) {
            parent = parent.with(Span.wrap(SpanContext.create(traceId, taskSpanId, TraceFlags.getSampled(), TraceState.getDefault())));
        } else if (task.parentSpanId() != null) {
            parent = parent.with(Span.wrap(SpanContext.createFromRemoteParent(traceId, task.parentSpanId(),
                    TraceFlags.getSampled(), TraceState.getDefault())));
        }
        AttributesBuilder attrs = taskAttributes(task).put(TASK_STATE, task.state().wireName());
        if (task.correlationId() != null) attrs.put(CORRELATION_ID, task.correlationId());
        if (resumed) attrs.put(RESUMED, true);
        SpanBuilder b = tracer.spanBuilder(resumed ? name + " (resumed)" : name).setSpanKind(SpanKind.INTERNAL).setParent(parent)
                .setStartTimestamp(start, TimeUnit.MILLISECONDS).setAllAttributes(attrs.build());
        // the first run has the derived id its children name; a resumed run is a child of it with an id of its own
        Span span = resumed ? b.startSpan() : TraceIds.withIds(traceId, taskSpanId, b::startSpan);
        if (!resumed) {
            span.addEvent(LifecycleEventType.TASK_INITIALIZE_REQUESTED.wireName(), start, TimeUnit.MILLISECONDS);
            // workflow.viable_steps_discovered: the first attempts dispatched together (the record keeps no other trace of it)
            Map<Long, List<String>> discovered = new TreeMap<>();
            for (StepRecord s : task.steps()) {
                AttemptRecord first = attempt(s, 1);
                if (first != null) discovered.computeIfAbsent(first.dispatchedAt(), k -> new ArrayList<>()).add(s.name());
            }
            discovered.forEach((at, steps) -> span.addEvent(LifecycleEventType.WORKFLOW_VIABLE_STEPS_DISCOVERED.wireName(),
                    Attributes.of(READY_STEPS, String.join(",", steps)), at, TimeUnit.MILLISECONDS));
        }
        for (Decision.Event e : d.events()) {
            if (e.step() != null) continue;
            span.addEvent(e.type().wireName(), Math.max(e.occurredAt(), start), TimeUnit.MILLISECONDS);
        }
        if (task.state() == TaskState.ERROR) {
            boolean byStep = task.steps().stream().anyMatch(s -> s.state() == StepState.ERROR);
            span.setAttribute(ERROR_TYPE, byStep ? "step_failed" : "task_failed");
            String message = masking.text(task.error());
            span.setStatus(StatusCode.ERROR, message == null ? "" : message);
        }
        span.end(Math.max(end, start), TimeUnit.MILLISECONDS);
    }

    private static AttributesBuilder taskAttributes(TaskRecord task) {
        return Attributes.builder().put(TASK_ID, task.taskId()).put(NAMESPACE, task.namespace())
                .put(TEMPLATE_NAME, task.templateName()).put(TEMPLATE_VERSION, task.templateVersion());
    }
}
