package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.schemas.LifecyclePayload;
import io.tasker.topology.StepState;

import java.util.List;

/**
 * What the engine decided for one input record. Either {@link #dropReason()} is set and nothing else
 * happens, or {@link #task()} is the new state to write and the dispatches and events are to be emitted.
 */
public record Decision(TaskRecord task, List<Dispatch> dispatches, List<Event> events, List<Timer> timers, String dropReason,
                       List<Release> releases) {

    public Decision {
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    public Decision(TaskRecord task, List<Dispatch> dispatches, List<Event> events, List<Timer> timers, String dropReason) {
        this(task, dispatches, events, timers, dropReason, List.of());
    }

    /**
     * A durable domain event to release now: the attempt that published it is being recorded, in the same transaction.
     *
     * @param runnerId    the runner that executed the attempt ({@code fired_by})
     * @param traceparent the trace context of the result that carried the event (null if none)
     */
    public record Release(String stepName, int attempt, String runnerId, StepResultIn.EventIn event, String traceparent) {
        public Release(String stepName, int attempt, String runnerId, StepResultIn.EventIn event) {
            this(stepName, attempt, runnerId, event, null);
        }
    }

    /**
     * One step attempt to send to a runner.
     *
     * @param dependencies the dependencies whose results the command carries (those that have one), in template order;
     *                     the results themselves are read only when the command is built
     * @param dispatchId   the random id of this dispatch ({@code StepCommand.dispatch_id}), also kept in the attempt
     */
    public record Dispatch(String stepName, int attempt, String handler, JsonNode handlerConfig, Long timeoutMs,
                           List<String> dependencies, Long dispatchId) {
    }

    /**
     * One system event of the decision: its type and the facts its standard payload needs. {@link LifecycleEvents}
     * turns it into a record of the lifecycle topic (DURABLE types) or hands it to the telemetry sink (TELEMETRY types),
     * building the payload with {@link io.tasker.schemas.LifecyclePayload}; the engine never assembles a payload. Facts
     * that do not apply to the type are null; the payload builder refuses a type's required fact missing.
     *
     * @param occurredAt        epoch ms: the decision's time, or for {@code step.started} when the attempt started
     * @param reason            the operator's reason (cancel, retry, resolve), null if none was given
     * @param completedManually {@code step.completed} of an operator's complete-step command
     */
    public record Event(LifecycleEventType type, long occurredAt, StepFacts step, Times times, Failure failure,
                        Retry retry, TaskFacts task, Workflow workflow, String reason, boolean completedManually) {
        public Event {
            java.util.Objects.requireNonNull(type, "type");
        }

        /** An event of the task as a whole. */
        static Event ofTask(LifecycleEventType type, long at, Times times, TaskFacts task, String reason) {
            return new Event(type, at, null, times, null, null, task, null, reason, false);
        }

        /** An event of one step. */
        static Event ofStep(LifecycleEventType type, long at, StepFacts step) {
            return new Event(type, at, step, null, null, null, null, null, null, false);
        }

        static Event ofWorkflow(LifecycleEventType type, long at, Workflow workflow) {
            return new Event(type, at, null, null, null, null, null, workflow, null, false);
        }

        Event withTimes(Times t) {
            return new Event(type, occurredAt, step, t, failure, retry, task, workflow, reason, completedManually);
        }

        Event withFailure(Failure f) {
            return new Event(type, occurredAt, step, times, f, retry, task, workflow, reason, completedManually);
        }

        Event withRetry(Retry r) {
            return new Event(type, occurredAt, step, times, failure, r, task, workflow, reason, completedManually);
        }

        Event withReason(String why) {
            return new Event(type, occurredAt, step, times, failure, retry, task, workflow, why, completedManually);
        }

        Event byHand() {
            return new Event(type, occurredAt, step, times, failure, retry, task, workflow, reason, true);
        }
    }

    /**
     * The step an event is about.
     *
     * @param attempt     the attempt the event reports (0 for a step never dispatched)
     * @param maxAttempts the attempts its retry policy allows (more after an operator retry gave it a fresh set)
     */
    public record StepFacts(String name, StepState state, int attempt, int maxAttempts) {
    }

    /** When a task or an attempt started and (null while it runs) finished, epoch ms. */
    public record Times(long startedAt, Long completedAt) {
    }

    /** Why an attempt failed (from the result's {@code StepError}, or the platform's own timeout). */
    public record Failure(String message, String exceptionClass, List<String> backtrace, boolean retryable) {
    }

    /** The retry scheduled after a failure: its delay and when it is due (epoch ms). */
    public record Retry(long delayMs, long nextAttemptAt) {
    }

    /**
     * Task-level facts.
     *
     * @param errorMessage why the task failed ({@code task.failed}), else null
     * @param failedSteps  the steps in error with their last errors ({@code task.failed}), else null
     * @param errorCode    why the task failed, as a code for metrics ({@code task.failed}), else null
     */
    public record TaskFacts(int stepCount, String errorMessage, List<LifecyclePayload.FailedStep> failedSteps,
                            TaskErrorCode errorCode) {
        public TaskFacts(int stepCount, String errorMessage, List<LifecyclePayload.FailedStep> failedSteps) {
            this(stepCount, errorMessage, failedSteps, null);
        }
    }

    /** What an evaluation of the DAG found: steps ready now, or failed steps and the steps they block. Null = n/a. */
    public record Workflow(List<String> readySteps, List<LifecyclePayload.FailedStep> failedSteps,
                           List<String> blockedSteps) {
    }

    /**
     * Something to do later for this task: re-dispatch a step after its backoff, fail an attempt that did not
     * answer in time, or fail the task at its deadline. A timer that finds the task moved on does nothing.
     *
     * @param attempt the attempt the timer is about (the failed one for a retry, the running one for a timeout)
     */
    public record Timer(long dueAt, TimerKind kind, String stepName, int attempt) {
    }

    /** RETENTION: delete a finished task (and its index entries) once its retention has passed. */
    public enum TimerKind { RETRY, STEP_TIMEOUT, TASK_DEADLINE, RETENTION }

    /** An operator command the current state does not allow; the reason is shown to the operator. */
    public static Decision refuse(String reason) {
        return drop(reason);
    }

    public static Decision drop(String reason) {
        return new Decision(null, List.of(), List.of(), List.of(), reason);
    }

    /**
     * This decision with {@code withdrawn} not dispatched after all, followed by {@code next} (what the engine decided
     * about the withdrawn attempt): the task of {@code next}, and both decisions' dispatches, events and timers.
     */
    Decision followedBy(Dispatch withdrawn, Decision next) {
        List<Dispatch> ds = new java.util.ArrayList<>(dispatches);
        ds.remove(withdrawn);
        ds.addAll(next.dispatches());
        List<Event> es = new java.util.ArrayList<>(events);
        es.addAll(next.events());
        List<Timer> ts = new java.util.ArrayList<>(timers);
        ts.addAll(next.timers());
        List<Release> rs = new java.util.ArrayList<>(releases);
        rs.addAll(next.releases());
        return new Decision(next.task(), ds, es, ts, null, rs);
    }

    public boolean dropped() {
        return dropReason != null;
    }
}
