package io.tasker.schemas;

/**
 * Every key a lifecycle event's standard payload can carry, with its JSON Schema type. One list, so the builder, the
 * catalog's payload schemas and the SDK's accessors agree on names and types.
 */
public enum PayloadKey {
    EVENT_ID("event_id", "string", "Unique id of this event; stable across redeliveries (de-duplicate on it)."),
    EVENT_TYPE("event_type", "string", "The event name, e.g. task.completed."),
    OCCURRED_AT("occurred_at", "date-time", "When the transition happened (ISO-8601, UTC)."),
    TASK_ID("task_id", "string", "The task."),
    NAMESPACE("namespace", "string", "The task's namespace."),
    TEMPLATE_NAME("template_name", "string", "The task's template."),
    TEMPLATE_VERSION("template_version", "string", "The template version the task runs."),
    CORRELATION_ID("correlation_id", "nullable-string", "The caller's correlation id, null if none was given."),
    TASK_STATE("task_state", "string", "The task's state after the transition."),
    STEP_NAME("step_name", "string", "The step."),
    STEP_STATE("step_state", "string", "The step's state after the transition."),
    ATTEMPT("attempt", "integer", "The attempt number, from 1."),
    MAX_ATTEMPTS("max_attempts", "integer", "Attempts the step's retry policy allows."),
    STARTED_AT("started_at", "date-time", "When the task or attempt started."),
    COMPLETED_AT("completed_at", "date-time", "When the task or attempt finished."),
    EXECUTION_DURATION_MS("execution_duration_ms", "integer", "completed_at minus started_at, in milliseconds."),
    ERROR_MESSAGE("error_message", "string", "What went wrong."),
    EXCEPTION_CLASS("exception_class", "nullable-string", "The handler's exception class, null if none."),
    BACKTRACE("backtrace", "string-array", "The handler's stack trace, bounded (at most 50 lines of 512 characters)."),
    RETRYABLE("retryable", "boolean", "Whether the failure may be retried."),
    RETRY_DELAY_MS("retry_delay_ms", "integer", "Delay before the next attempt, when one is scheduled."),
    NEXT_ATTEMPT_AT("next_attempt_at", "date-time", "When the next attempt is due, when one is scheduled."),
    STEP_COUNT("step_count", "integer", "Steps of the task."),
    FAILED_STEPS("failed_steps", "failed-steps", "The failed steps with their last errors."),
    READY_STEPS("ready_steps", "string-array", "Steps that can run now."),
    BLOCKED_STEPS("blocked_steps", "string-array", "Steps that cannot run because a dependency failed."),
    REASON("reason", "nullable-string", "The operator's reason, null if none was given."),
    COMPLETED_MANUALLY("completed_manually", "boolean", "True when an operator supplied the step's result by hand.");

    /** Keys every lifecycle payload carries. */
    public static final java.util.List<PayloadKey> COMMON = java.util.List.of(EVENT_ID, EVENT_TYPE, OCCURRED_AT,
            TASK_ID, NAMESPACE, TEMPLATE_NAME, TEMPLATE_VERSION, CORRELATION_ID);

    private final String key;
    private final String type;
    private final String description;

    PayloadKey(String key, String type, String description) {
        this.key = key;
        this.type = type;
        this.description = description;
    }

    /** The JSON key. */
    public String key() {
        return key;
    }

    /**
     * The value's type: {@code string}, {@code nullable-string}, {@code date-time}, {@code integer}, {@code boolean},
     * {@code string-array} or {@code failed-steps} (array of {step_name, attempt, error_message, exception_class}).
     */
    public String type() {
        return type;
    }

    public String description() {
        return description;
    }
}
