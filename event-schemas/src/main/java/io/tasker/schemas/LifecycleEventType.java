package io.tasker.schemas;

import static io.tasker.schemas.PayloadKey.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every system event the platform emits: its wire name, category, delivery (published to the {@code lifecycle} topic,
 * or telemetry only), when it fires, and the keys of its standard payload (see {@link LifecyclePayload}). The one
 * definition the topology, the runner, the subscriber SDK and the tools share; no module spells these names itself.
 *
 * <p>What is {@link DeliveryMode#DURABLE} is the stable contract: what a subscriber acts on (a task started, finished,
 * failed, was cancelled or retried; a step finished, failed, ran out of attempts or was resolved by hand). Scheduling
 * detail that fires on every hop ({@code step.enqueued}, {@code step.started}, {@code workflow.*}) is
 * {@link DeliveryMode#TELEMETRY}: span events and metrics, never a topic record, so it costs no transaction bytes.
 */
public enum LifecycleEventType {
    TASK_INITIALIZE_REQUESTED(LifecycleEventNames.TASK_INITIALIZE_REQUESTED, EventCategory.TASK, DeliveryMode.TELEMETRY,
            "A task request was accepted and the task created.", "when a request creates a task",
            Set.of(TASK_STATE), Set.of()),
    TASK_STARTED(LifecycleEventNames.TASK_STARTED, EventCategory.TASK, DeliveryMode.DURABLE,
            "The task was created and its first steps dispatched.", "once per task, right after it is created",
            Set.of(TASK_STATE, STEP_COUNT), Set.of()),
    TASK_COMPLETED(LifecycleEventNames.TASK_COMPLETED, EventCategory.TASK, DeliveryMode.DURABLE,
            "Every step of the task completed.", "once per task, when its last step completes",
            Set.of(TASK_STATE, STEP_COUNT, STARTED_AT, COMPLETED_AT, EXECUTION_DURATION_MS), Set.of()),
    TASK_FAILED(LifecycleEventNames.TASK_FAILED, EventCategory.TASK, DeliveryMode.DURABLE,
            "The task cannot go on: failed steps block the rest, or it failed for a reason outside its steps (its"
                    + " deadline passed, its template is gone). It can be retried or its steps resolved by hand.",
            "when nothing is in flight and a failed step blocks the rest, or at lifecycle.max_duration_seconds",
            Set.of(TASK_STATE, STEP_COUNT, STARTED_AT, COMPLETED_AT, EXECUTION_DURATION_MS, ERROR_MESSAGE, FAILED_STEPS),
            Set.of()),
    TASK_RETRY_REQUESTED(LifecycleEventNames.TASK_RETRY_REQUESTED, EventCategory.TASK, DeliveryMode.DURABLE,
            "An operator retried a failed task: its failed steps get a fresh set of attempts.",
            "on POST /v1/tasks/{id}/retry (or a retry TaskCommand)", Set.of(TASK_STATE), Set.of(REASON)),
    TASK_CANCELLED(LifecycleEventNames.TASK_CANCELLED, EventCategory.TASK, DeliveryMode.DURABLE,
            "The task was cancelled: nothing more is dispatched, unfinished steps are cancelled.",
            "on POST /v1/tasks/{id}/cancel (or a cancel TaskCommand)", Set.of(TASK_STATE),
            Set.of(REASON)),
    TASK_RESOLVED_MANUALLY(LifecycleEventNames.TASK_RESOLVED_MANUALLY, EventCategory.TASK, DeliveryMode.DURABLE,
            "Every step is done and at least one was resolved by hand: the task ends resolved_manually.",
            "when the last step is done and a step of the task was resolved manually",
            Set.of(TASK_STATE, STEP_COUNT, STARTED_AT, COMPLETED_AT, EXECUTION_DURATION_MS), Set.of()),

    STEP_ENQUEUED(LifecycleEventNames.STEP_ENQUEUED, EventCategory.STEP, DeliveryMode.TELEMETRY,
            "An attempt of the step was dispatched to its runners.", "on every dispatch",
            Set.of(STEP_NAME, STEP_STATE, ATTEMPT, MAX_ATTEMPTS), Set.of()),
    STEP_STARTED(LifecycleEventNames.STEP_STARTED, EventCategory.STEP, DeliveryMode.TELEMETRY,
            "A runner started an attempt of the step.",
            "reported with the attempt's result (its started_at), or while it runs if it runs long",
            Set.of(STEP_NAME, STEP_STATE, ATTEMPT, MAX_ATTEMPTS, STARTED_AT), Set.of()),
    STEP_COMPLETED(LifecycleEventNames.STEP_COMPLETED, EventCategory.STEP, DeliveryMode.DURABLE,
            "An attempt of the step succeeded (or an operator completed it with a result).",
            "when the attempt's result is recorded",
            Set.of(STEP_NAME, STEP_STATE, ATTEMPT, MAX_ATTEMPTS, STARTED_AT, COMPLETED_AT, EXECUTION_DURATION_MS),
            Set.of(COMPLETED_MANUALLY)),
    STEP_FAILED(LifecycleEventNames.STEP_FAILED, EventCategory.STEP, DeliveryMode.DURABLE,
            "An attempt of the step failed; retry_delay_ms and next_attempt_at say when the next one runs, if any.",
            "on every failed or timed-out attempt",
            Set.of(STEP_NAME, STEP_STATE, ATTEMPT, MAX_ATTEMPTS, STARTED_AT, COMPLETED_AT, EXECUTION_DURATION_MS,
                    ERROR_MESSAGE, EXCEPTION_CLASS, BACKTRACE, RETRYABLE),
            Set.of(RETRY_DELAY_MS, NEXT_ATTEMPT_AT)),
    STEP_RETRY_REQUESTED(LifecycleEventNames.STEP_RETRY_REQUESTED, EventCategory.STEP, DeliveryMode.TELEMETRY,
            "Another attempt of a failed step was scheduled.", "after a retryable failure with attempts left",
            Set.of(STEP_NAME, STEP_STATE, ATTEMPT, MAX_ATTEMPTS, RETRY_DELAY_MS, NEXT_ATTEMPT_AT), Set.of()),
    STEP_MAX_RETRIES_REACHED(LifecycleEventNames.STEP_MAX_RETRIES_REACHED, EventCategory.STEP, DeliveryMode.DURABLE,
            "The step failed its last allowed attempt (or a failure that cannot be retried): it stays in error.",
            "with the step.failed of the final attempt",
            Set.of(STEP_NAME, STEP_STATE, ATTEMPT, MAX_ATTEMPTS, ERROR_MESSAGE, EXCEPTION_CLASS, RETRYABLE), Set.of()),
    STEP_CANCELLED(LifecycleEventNames.STEP_CANCELLED, EventCategory.STEP, DeliveryMode.TELEMETRY,
            "An unfinished step was cancelled with its task.", "with task.cancelled, per unfinished step",
            Set.of(STEP_NAME, STEP_STATE, ATTEMPT, MAX_ATTEMPTS), Set.of(REASON)),
    STEP_RESOLVED_MANUALLY(LifecycleEventNames.STEP_RESOLVED_MANUALLY, EventCategory.STEP, DeliveryMode.DURABLE,
            "An operator resolved a failed step by hand: it counts as done and its dependants run.",
            "on POST /v1/tasks/{id}/steps/{step}/resolve", Set.of(STEP_NAME, STEP_STATE, ATTEMPT, MAX_ATTEMPTS),
            Set.of(REASON)),

    WORKFLOW_VIABLE_STEPS_DISCOVERED(LifecycleEventNames.WORKFLOW_VIABLE_STEPS_DISCOVERED, EventCategory.WORKFLOW,
            DeliveryMode.TELEMETRY, "Steps became ready to run and are being dispatched.",
            "whenever an evaluation of the DAG finds ready steps", Set.of(READY_STEPS), Set.of()),
    WORKFLOW_NO_VIABLE_STEPS(LifecycleEventNames.WORKFLOW_NO_VIABLE_STEPS, EventCategory.WORKFLOW, DeliveryMode.TELEMETRY,
            "No step is ready: the task waits for attempts in flight or scheduled retries.",
            "when an evaluation finds nothing to dispatch and the task is not finished", Set.of(), Set.of()),
    WORKFLOW_BLOCKED_BY_FAILURES(LifecycleEventNames.WORKFLOW_BLOCKED_BY_FAILURES, EventCategory.WORKFLOW, DeliveryMode.TELEMETRY,
            "Failed steps block every remaining step (task.failed follows).", "just before task.failed",
            Set.of(FAILED_STEPS, BLOCKED_STEPS), Set.of());

    /** Keys every lifecycle payload carries. */
    public static final List<PayloadKey> COMMON_KEYS = PayloadKey.COMMON;

    private final String wireName;
    private final EventCategory category;
    private final DeliveryMode delivery;
    private final String description;
    private final String condition;
    private final List<PayloadKey> requiredKeys;
    private final List<PayloadKey> optionalKeys;

    LifecycleEventType(String wireName, EventCategory category, DeliveryMode delivery, String description,
            String condition, Set<PayloadKey> required, Set<PayloadKey> optional) {
        this.wireName = wireName;
        this.category = category;
        this.delivery = delivery;
        this.description = description;
        this.condition = condition;
        List<PayloadKey> req = new ArrayList<>(PayloadKey.COMMON);
        req.addAll(required.isEmpty() ? Set.of() : EnumSet.copyOf(required));
        this.requiredKeys = Collections.unmodifiableList(req);
        this.optionalKeys = List.copyOf(optional.isEmpty() ? Set.of() : EnumSet.copyOf(optional));
    }

    /** The event name on the wire and in subscriptions, e.g. {@code task.completed}. */
    public String wireName() {
        return wireName;
    }

    public EventCategory category() {
        return category;
    }

    public DeliveryMode delivery() {
        return delivery;
    }

    /** Whether the event is a record of the {@code lifecycle} topic (else telemetry only). */
    public boolean isPublished() {
        return delivery == DeliveryMode.DURABLE;
    }

    public String description() {
        return description;
    }

    /** When it fires. */
    public String condition() {
        return condition;
    }

    /** Keys always present in its payload, the common ones first. */
    public List<PayloadKey> requiredKeys() {
        return requiredKeys;
    }

    /** Keys present when they apply (e.g. {@code next_attempt_at} when a retry is scheduled). */
    public List<PayloadKey> optionalKeys() {
        return optionalKeys;
    }

    /** The type named {@code wireName}, or null if the platform has no such system event. */
    public static LifecycleEventType fromWire(String wireName) {
        for (LifecycleEventType t : values()) {
            if (t.wireName.equals(wireName)) return t;
        }
        return null;
    }

    /** Whether {@code name} is in the namespace reserved for system events ({@code task.}, {@code step.}, {@code workflow.}). */
    public static boolean isReservedName(String name) {
        if (name == null) return false;
        for (String prefix : LifecycleEventNames.RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
