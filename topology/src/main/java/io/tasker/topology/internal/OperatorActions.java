package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;

/**
 * What the operator commands (cancel, retry, resolve a step, complete a step) do to a task: part of the
 * {@link TaskEngine}, pure like it. A command the task's state does not allow is refused with the reason shown to the
 * operator.
 *
 * <p>An errored task that a resolve or complete brings back to life reports only the step event
 * ({@code step.resolved_manually} / {@code step.completed} with {@code completed_manually}); there is no separate
 * "resumed" event. A task whose steps are all done, one of them resolved by hand, ends {@code resolved_manually} with
 * {@code task.resolved_manually} instead of {@code task.completed}.
 */
final class OperatorActions {
    private final TaskEngine engine;

    OperatorActions(TaskEngine engine) {
        this.engine = engine;
    }

    Decision decide(TaskRecord task, TaskTemplate template, OperatorCommand c, long now) {
        return switch (c.type()) {
            case CANCEL -> cancel(task, c.reason(), now);
            case RETRY -> retry(task, template, c.reason(), now);
            case RESOLVE_STEP -> resolveStep(task, template, c.stepName(), c.reason(), now);
            case COMPLETE_STEP -> completeStep(task, template, c.stepName(), c.result(), now);
        };
    }

    /** No new dispatches, unfinished steps become cancelled (one step.cancelled each), in-flight results are dropped. */
    Decision cancel(TaskRecord task, String reason, long now) {
        if (!task.state().canTransitionTo(TaskState.CANCELLED)) {
            return Decision.refuse("cannot cancel task " + task.taskId() + ": it is " + task.state().wireName());
        }
        TaskEngine.Out out = new TaskEngine.Out();
        for (StepRecord s : task.steps()) {
            if (s.state().canTransitionTo(StepState.CANCELLED)) {
                StepRecord cancelled = s.withState(StepState.CANCELLED);
                task = task.withStep(cancelled, now);
                out.events.add(EngineEvents.stepCancelled(cancelled, reason, now));
            }
        }
        String why = reason == null ? "cancelled by operator" : "cancelled: " + reason;
        task = task.withState(TaskState.CANCELLED, now, why);
        out.events.add(EngineEvents.taskCancelled(reason, now));
        return out.decision(task);
    }

    /** A task in error: its failed steps get a fresh set of attempts and the task resumes. */
    Decision retry(TaskRecord task, TaskTemplate template, String reason, long now) {
        if (task.state() != TaskState.ERROR) {
            return Decision.refuse("cannot retry task " + task.taskId() + ": it is " + task.state().wireName()
                    + " (only a task in error can be retried)");
        }
        TaskEngine.Out out = new TaskEngine.Out();
        for (StepRecord s : task.steps()) {
            if (s.state() == StepState.ERROR) {
                task = task.withStep(s.reopen(template.step(s.name()).orElseThrow().retry().maxAttempts()), now);
            }
        }
        task = task.withState(TaskState.IN_PROGRESS, now, null);
        out.events.add(EngineEvents.taskRetryRequested(reason, now));
        return out.decision(engine.advance(task, template, now, out));
    }

    /** A failed step resolved by hand counts as done for its dependants, which then run. */
    Decision resolveStep(TaskRecord task, TaskTemplate template, String stepName, String reason, long now) {
        StepRecord step = task.step(stepName).orElse(null);
        if (step == null) return Decision.refuse("task " + task.taskId() + " has no step " + stepName);
        if (step.state() != StepState.ERROR) {
            return Decision.refuse("cannot resolve step " + stepName + " of task " + task.taskId() + ": it is "
                    + step.state().wireName() + " (only a step in error can be resolved)");
        }
        if (task.state().isTerminal()) {
            return Decision.refuse("cannot resolve step " + stepName + ": task " + task.taskId() + " is " + task.state().wireName());
        }
        TaskEngine.Out out = new TaskEngine.Out();
        StepRecord resolved = step.withState(StepState.RESOLVED_MANUALLY);
        task = task.withStep(resolved, now);
        out.events.add(EngineEvents.stepResolvedManually(resolved, reason, now));
        return out.decision(resume(task, template, now, out));
    }

    /** A step completed by hand with a result; its dependants then run with that result. */
    Decision completeStep(TaskRecord task, TaskTemplate template, String stepName, JsonNode result, long now) {
        StepRecord step = task.step(stepName).orElse(null);
        if (step == null) return Decision.refuse("task " + task.taskId() + " has no step " + stepName);
        if (task.state().isTerminal()) {
            return Decision.refuse("cannot complete step " + stepName + ": task " + task.taskId() + " is " + task.state().wireName());
        }
        if (!step.state().canTransitionTo(StepState.COMPLETE)) {
            return Decision.refuse("cannot complete step " + stepName + " of task " + task.taskId() + ": it is " + step.state().wireName());
        }
        TaskEngine.Out out = new TaskEngine.Out();
        StepRecord completed = step.completeManually(result, now);
        task = task.withStep(completed, now);
        out.events.add(EngineEvents.stepCompletedManually(completed, now));
        return out.decision(resume(task, template, now, out));
    }

    private TaskRecord resume(TaskRecord task, TaskTemplate template, long now, TaskEngine.Out out) {
        if (task.state() == TaskState.ERROR) {
            task = task.withState(TaskState.IN_PROGRESS, now, null);
        }
        return engine.advance(task, template, now, out);
    }
}
