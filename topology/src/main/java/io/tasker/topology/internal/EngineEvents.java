package io.tasker.topology.internal;

import io.tasker.schemas.LifecycleEventType;
import io.tasker.schemas.LifecyclePayload;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;

import java.util.List;

import static io.tasker.schemas.LifecycleEventType.*;

/**
 * The engine's system events, one factory per situation, each taking the facts from the records the engine just
 * changed: so every emitting site of {@link TaskEngine} and {@link OperatorActions} names a typed event and the facts
 * its payload needs, and none spells a name or builds a payload. Stateless.
 */
final class EngineEvents {
    private EngineEvents() {
    }

    static Decision.Event initializeRequested(TaskRecord task, long now) {
        return Decision.Event.ofTask(TASK_INITIALIZE_REQUESTED, now, null, null, null);
    }

    static Decision.Event taskStarted(TaskRecord task, long now) {
        return Decision.Event.ofTask(TASK_STARTED, now, null, new Decision.TaskFacts(task.steps().size(), null, null), null);
    }

    /**
     * Every step is done: {@code task.resolved_manually} when an operator resolved one of them by hand, else
     * {@code task.completed}.
     */
    static Decision.Event taskFinished(TaskRecord task, long now) {
        LifecycleEventType type = task.state() == TaskState.RESOLVED_MANUALLY ? TASK_RESOLVED_MANUALLY : TASK_COMPLETED;
        return Decision.Event.ofTask(type, now, new Decision.Times(task.createdAt(), now),
                new Decision.TaskFacts(task.steps().size(), null, null), null);
    }

    static Decision.Event taskFailed(TaskRecord task, TaskErrorCode code, String reason, long now) {
        return Decision.Event.ofTask(TASK_FAILED, now, new Decision.Times(task.createdAt(), now),
                new Decision.TaskFacts(task.steps().size(), reason, failedSteps(task), code), null);
    }

    static Decision.Event taskCancelled(String reason, long now) {
        return Decision.Event.ofTask(TASK_CANCELLED, now, null, null, reason);
    }

    static Decision.Event taskRetryRequested(String reason, long now) {
        return Decision.Event.ofTask(TASK_RETRY_REQUESTED, now, null, null, reason);
    }

    /** {@code step} as it is after the dispatch of its next attempt. */
    static Decision.Event stepEnqueued(StepRecord step, long now) {
        return Decision.Event.ofStep(STEP_ENQUEUED, now, facts(step, step.state(), step.attempt()));
    }

    /** The runner started {@code attempt} at {@code startedAt} (its clock): the event's time is the start. */
    static Decision.Event stepStarted(StepRecord step, int attempt, long startedAt) {
        return Decision.Event.ofStep(STEP_STARTED, startedAt, facts(step, StepState.IN_PROGRESS, attempt))
                .withTimes(new Decision.Times(startedAt, null));
    }

    /** {@code step} after recording the success {@code r}. */
    static Decision.Event stepCompleted(StepRecord step, StepResultIn r, long now) {
        return Decision.Event.ofStep(STEP_COMPLETED, now, facts(step, step.state(), r.attempt()))
                .withTimes(new Decision.Times(r.startedAt(), r.finishedAt()));
    }

    /** An operator supplied the step's result: it started and finished with the command. */
    static Decision.Event stepCompletedManually(StepRecord step, long now) {
        return Decision.Event.ofStep(STEP_COMPLETED, now, facts(step, step.state(), step.attempt()))
                .withTimes(new Decision.Times(now, now)).byHand();
    }

    /**
     * {@code step} after recording the failure {@code r}.
     *
     * @param retryable whether the failure may be retried: the result says so and the step's retry policy allows it
     * @param retry     the retry scheduled, null if none
     */
    static Decision.Event stepFailed(StepRecord step, StepResultIn r, boolean retryable, Decision.Retry retry, long now) {
        return Decision.Event.ofStep(STEP_FAILED, now, facts(step, step.state(), r.attempt()))
                .withTimes(new Decision.Times(r.startedAt(), r.finishedAt())).withFailure(failure(r, retryable))
                .withRetry(retry);
    }

    static Decision.Event stepRetryRequested(StepRecord step, int failedAttempt, Decision.Retry retry, long now) {
        return Decision.Event.ofStep(STEP_RETRY_REQUESTED, now, facts(step, StepState.WAITING_FOR_RETRY, failedAttempt))
                .withRetry(retry);
    }

    static Decision.Event stepMaxRetriesReached(StepRecord step, StepResultIn r, boolean retryable, long now) {
        return Decision.Event.ofStep(STEP_MAX_RETRIES_REACHED, now, facts(step, step.state(), r.attempt()))
                .withFailure(failure(r, retryable));
    }

    static Decision.Event stepCancelled(StepRecord step, String reason, long now) {
        return Decision.Event.ofStep(STEP_CANCELLED, now, facts(step, step.state(), step.attempt())).withReason(reason);
    }

    static Decision.Event stepResolvedManually(StepRecord step, String reason, long now) {
        return Decision.Event.ofStep(STEP_RESOLVED_MANUALLY, now, facts(step, step.state(), step.attempt()))
                .withReason(reason);
    }

    static Decision.Event viableStepsDiscovered(List<String> ready, long now) {
        return Decision.Event.ofWorkflow(WORKFLOW_VIABLE_STEPS_DISCOVERED, now, new Decision.Workflow(ready, null, null));
    }

    static Decision.Event noViableSteps(long now) {
        return Decision.Event.ofWorkflow(WORKFLOW_NO_VIABLE_STEPS, now, null);
    }

    static Decision.Event blockedByFailures(TaskRecord task, List<String> blocked, long now) {
        return Decision.Event.ofWorkflow(WORKFLOW_BLOCKED_BY_FAILURES, now,
                new Decision.Workflow(null, failedSteps(task), blocked));
    }

    /** The steps in error with their last errors, in template order. */
    static List<LifecyclePayload.FailedStep> failedSteps(TaskRecord task) {
        return task.steps().stream().filter(s -> s.state() == StepState.ERROR)
                .map(s -> new LifecyclePayload.FailedStep(s.name(), s.attempt(),
                        s.lastError() == null ? "unknown error" : s.lastError(), lastExceptionClass(s)))
                .toList();
    }

    private static String lastExceptionClass(StepRecord s) {
        List<AttemptRecord> attempts = s.attempts();
        if (attempts.isEmpty()) return null;
        AttemptRecord last = attempts.get(attempts.size() - 1);
        return last.attempt() == s.attempt() ? last.exceptionClass() : null;
    }

    private static Decision.StepFacts facts(StepRecord step, StepState state, int attempt) {
        return new Decision.StepFacts(step.name(), state, attempt, step.maxAttempts());
    }

    private static Decision.Failure failure(StepResultIn r, boolean retryable) {
        return new Decision.Failure(r.errorMessage(), r.exceptionClass(), r.backtrace(), retryable);
    }
}
