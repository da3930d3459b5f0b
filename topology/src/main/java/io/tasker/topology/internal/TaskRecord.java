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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskRecord(String taskId, String namespace, String templateName, String templateVersion, TaskState state,
                         JsonNode context, String correlationId, String idempotencyKey,
                         long createdAt, long updatedAt, long completedAt, String error, List<StepRecord> steps,
                         String templateDigest) {
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
                        idempotencyKey, createdAt, now, completedAt, error, next, templateDigest);
            }
        }
        throw new IllegalArgumentException("task " + taskId + " has no step " + step.name());
    }

    /** The same task with context and steps replaced (hydration from the task-data store). */
    TaskRecord withData(JsonNode ctx, List<StepRecord> nextSteps) {
        return new TaskRecord(taskId, namespace, templateName, templateVersion, state, ctx, correlationId,
                idempotencyKey, createdAt, updatedAt, completedAt, error, nextSteps, templateDigest);
    }

    /** The record as the tasks store keeps it: without context and results, which live in {@link TaskData}. */
    TaskRecord slim() {
        List<StepRecord> next = new ArrayList<>(steps.size());
        for (StepRecord s : steps) next.add(s.result() == null ? s : s.withoutResult());
        return new TaskRecord(taskId, namespace, templateName, templateVersion, state, null, correlationId,
                idempotencyKey, createdAt, updatedAt, completedAt, error, next, templateDigest);
    }

    TaskRecord withState(TaskState next, long now, String error) {
        TaskState to = state.transitionTo(next);
        long done = to.isTerminal() || to == TaskState.ERROR ? now : 0;
        return new TaskRecord(taskId, namespace, templateName, templateVersion, to, context, correlationId,
                idempotencyKey, createdAt, now, done, error, steps, templateDigest);
    }
}
