package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The pure heart of the topology: given a task's state, its template and one input, decide the next
 * state, the step attempts to dispatch and the lifecycle events. No Kafka, no I/O, no clock (callers pass
 * {@code now}); every state change goes through the transition tables of {@link TaskState} and
 * {@link StepState}. Stateless and thread-safe.
 */
public final class TaskEngine {
    public static final String DROP_TASK_NOT_RUNNING = "task_not_in_progress";
    public static final String DROP_UNKNOWN_STEP = "unknown_step";
    public static final String DROP_NOT_AWAITING = "step_not_awaiting_result";
    public static final String DROP_STALE_ATTEMPT = "stale_attempt";
    public static final String DROP_DUPLICATE_REQUEST = "duplicate_request";

    private static final ObjectMapper JSON = Json.MAPPER;

    /** A new task from a validated request: pending -> in_progress, then every root step is dispatched. */
    public Decision start(String taskId, TaskTemplate template, JsonNode context, String correlationId,
                          String idempotencyKey, long now) {
        List<StepRecord> steps = template.steps().stream()
                .map(s -> StepRecord.pending(s.name(), s.retry().maxAttempts()))
                .toList();
        TaskRecord task = new TaskRecord(taskId, template.namespace(), template.name(), template.version(), TaskState.PENDING,
                context, correlationId, idempotencyKey, now, now, 0, null, steps);
        List<Decision.Dispatch> dispatches = new ArrayList<>();
        List<Decision.Event> events = new ArrayList<>();
        task = task.withState(TaskState.IN_PROGRESS, now, null);
        events.add(new Decision.Event("task.started", null, null, null, null));
        task = advance(task, template, now, dispatches, events);
        return new Decision(task, dispatches, events, null);
    }

    /** A step result from a runner. Results that do not match the attempt in flight are dropped with a reason. */
    public Decision onResult(TaskRecord task, TaskTemplate template, StepResultIn r, long now) {
        if (task.state() != TaskState.IN_PROGRESS) return Decision.drop(DROP_TASK_NOT_RUNNING);
        StepRecord step = task.step(r.stepName()).orElse(null);
        if (step == null) return Decision.drop(DROP_UNKNOWN_STEP);
        if (!step.state().isAwaitingResult()) return Decision.drop(DROP_NOT_AWAITING);
        if (r.attempt() != step.attempt()) return Decision.drop(DROP_STALE_ATTEMPT);

        List<Decision.Dispatch> dispatches = new ArrayList<>();
        List<Decision.Event> events = new ArrayList<>();
        if (r.success()) {
            step = step.finishAttempt(StepState.COMPLETE, r, now);
            events.add(new Decision.Event("step.completed", step.name(), step.state().wireName(), r.attempt(), null));
            task = task.withStep(step, now);
        } else {
            StepDefinition def = template.step(step.name()).orElseThrow();
            boolean retry = r.retryable() && def.retry().retryable() && step.attempt() < step.maxAttempts();
            step = step.finishAttempt(retry ? StepState.WAITING_FOR_RETRY : StepState.ERROR, r, now);
            events.add(new Decision.Event("step.failed", step.name(), step.state().wireName(), r.attempt(), r.errorMessage()));
            if (retry) {
                // Retried at once for now; backoff timers replace this with a scheduled re-dispatch.
                step = step.enqueueNextAttempt(now);
                dispatches.add(dispatch(task, def, step));
                events.add(new Decision.Event("step.enqueued", step.name(), step.state().wireName(), step.attempt(), null));
            }
            task = task.withStep(step, now);
        }
        task = advance(task, template, now, dispatches, events);
        return new Decision(task, dispatches, events, null);
    }

    /** Dispatches every ready step, then completes or fails the task when nothing more can run. */
    TaskRecord advance(TaskRecord task, TaskTemplate template, long now, List<Decision.Dispatch> dispatches,
                       List<Decision.Event> events) {
        Map<String, StepRecord> byName = new LinkedHashMap<>();
        task.steps().forEach(s -> byName.put(s.name(), s));
        List<String> ready = template.dag().readySteps(
                name -> byName.get(name).state() == StepState.PENDING,
                name -> byName.get(name).state().satisfiesDependants());
        for (String name : ready) {
            StepRecord step = byName.get(name).enqueueNextAttempt(now);
            byName.put(name, step);
            task = task.withStep(step, now);
            dispatches.add(dispatch(task, template.step(name).orElseThrow(), step));
            events.add(new Decision.Event("step.enqueued", name, step.state().wireName(), step.attempt(), null));
        }
        if (byName.values().stream().allMatch(s -> s.state().satisfiesDependants())) {
            task = task.withState(TaskState.COMPLETE, now, null);
            events.add(new Decision.Event("task.completed", null, null, null, null));
            return task;
        }
        boolean stillRunning = byName.values().stream()
                .anyMatch(s -> s.state().isAwaitingResult() || s.state() == StepState.WAITING_FOR_RETRY);
        if (!stillRunning) {
            // Nothing in flight and nothing ready: the only way here is a step in error blocking the rest.
            List<StepRecord> failed = byName.values().stream().filter(s -> s.state() == StepState.ERROR).toList();
            String reason = "steps failed: " + failed.stream()
                    .map(s -> s.name() + " (" + s.lastError() + ")")
                    .collect(Collectors.joining(", "));
            task = task.withState(TaskState.ERROR, now, reason);
            events.add(new Decision.Event("task.failed", null, null, null, reason));
        }
        return task;
    }

    private static Decision.Dispatch dispatch(TaskRecord task, StepDefinition def, StepRecord step) {
        Map<String, JsonNode> deps = new LinkedHashMap<>();
        for (String dep : def.dependsOn()) {
            task.step(dep).map(StepRecord::result).ifPresent(r -> deps.put(dep, r));
        }
        JsonNode config = JSON.valueToTree(def.handler().config());
        Long timeoutMs = def.timeoutSeconds() == null ? null : def.timeoutSeconds() * 1000L;
        return new Decision.Dispatch(step.name(), step.attempt(), def.handler().name(), config, timeoutMs, deps);
    }
}
