package io.tasker.topology.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.topology.TaskState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the topology knows about one task: the value of the {@code tasks} store, keyed by task id.
 *
 * @param templateDigest digest of the template definition the task started with (null for tasks from before it was
 *                       recorded): a template redefined under the same version is detected instead of misapplied
 * @param traceId        the W3C trace id of the task's trace: the caller's ({@code traceparent} of the request) or a new
 *                       one; null for tasks from before traces existed (they are not traced)
 * @param parentSpanId   the caller's span the task's span is a child of (the HTTP submission's span, or the span of the
 *                       {@code traceparent} a produced request carried); null when the task started the trace
 * @param resumedAt      when an operator resumed the task from error (epoch ms), kept only while tracing: the task's own
 *                       span ended when it failed, so the resumed run is reported as a span of its own
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskRecord(String taskId, String namespace, String templateName, String templateVersion, TaskState state,
                         JsonNode context, String correlationId, String idempotencyKey,
                         long createdAt, long updatedAt, long completedAt, String error, List<StepRecord> steps,
                         String templateDigest, String traceId, String parentSpanId, Long resumedAt) {
    public TaskRecord {
        steps = List.copyOf(steps);
    }

    @JsonIgnore
    public String templateKey() {
        return namespace + "/" + templateName + "/" + templateVersion;
    }

    public Optional<StepRecord> step(String name) {
        for (StepRecord s : steps) {
            if (s.name().equals(name)) return Optional.of(s);
        }
        return Optional.empty();
    }

    TaskRecord withStep(StepRecord step, long now) {
        List<StepRecord> next = new ArrayList<>(steps);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).name().equals(step.name())) {
                next.set(i, step);
                return new TaskRecord(taskId, namespace, templateName, templateVersion, state, context, correlationId,
                        idempotencyKey, createdAt, now, completedAt, error, next, templateDigest, traceId, parentSpanId, resumedAt);
            }
        }
        throw new IllegalArgumentException("task " + taskId + " has no step " + step.name());
    }

    /** The same task with context and steps replaced (hydration from the task-data store). */
    TaskRecord withData(JsonNode ctx, List<StepRecord> nextSteps) {
        return new TaskRecord(taskId, namespace, templateName, templateVersion, state, ctx, correlationId,
                idempotencyKey, createdAt, updatedAt, completedAt, error, nextSteps, templateDigest, traceId, parentSpanId, resumedAt);
    }

    /** The record as the tasks store keeps it: without context and results, which live in {@link TaskData}. */
    TaskRecord slim() {
        List<StepRecord> next = new ArrayList<>(steps.size());
        for (StepRecord s : steps) next.add(s.result() == null ? s : s.withoutResult());
        return new TaskRecord(taskId, namespace, templateName, templateVersion, state, null, correlationId,
                idempotencyKey, createdAt, updatedAt, completedAt, error, next, templateDigest, traceId, parentSpanId, resumedAt);
    }

    /** The same task in trace {@code trace}, a child of the caller's span {@code parent} (null if none). */
    TaskRecord withTrace(String trace, String parent) {
        return new TaskRecord(taskId, namespace, templateName, templateVersion, state, context, correlationId,
                idempotencyKey, createdAt, updatedAt, completedAt, error, steps, templateDigest, trace, parent, resumedAt);
    }

    TaskRecord withResumedAt(Long at) {
        return new TaskRecord(taskId, namespace, templateName, templateVersion, state, context, correlationId,
                idempotencyKey, createdAt, updatedAt, completedAt, error, steps, templateDigest, traceId, parentSpanId, at);
    }

    TaskRecord withState(TaskState next, long now, String error) {
        TaskState to = state.transitionTo(next);
        long done = to.isTerminal() || to == TaskState.ERROR ? now : 0;
        return new TaskRecord(taskId, namespace, templateName, templateVersion, to, context, correlationId,
                idempotencyKey, createdAt, now, done, error, steps, templateDigest, traceId, parentSpanId, resumedAt);
    }
}
