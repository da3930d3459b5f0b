package io.tasker.schemas;

import java.util.List;

/**
 * The wire names of the system events, as compile-time constants: for annotations
 * ({@code @Subscribe(LifecycleEventNames.TASK_FAILED)}) and {@code switch} labels. {@link LifecycleEventType} is the
 * typed contract (category, delivery, payload keys) and takes its names from here, so there is one spelling.
 */
public final class LifecycleEventNames {
    public static final String TASK_INITIALIZE_REQUESTED = "task.initialize_requested";
    public static final String TASK_STARTED = "task.started";
    public static final String TASK_COMPLETED = "task.completed";
    public static final String TASK_FAILED = "task.failed";
    public static final String TASK_RETRY_REQUESTED = "task.retry_requested";
    public static final String TASK_CANCELLED = "task.cancelled";
    public static final String TASK_RESOLVED_MANUALLY = "task.resolved_manually";

    public static final String STEP_ENQUEUED = "step.enqueued";
    public static final String STEP_STARTED = "step.started";
    public static final String STEP_COMPLETED = "step.completed";
    public static final String STEP_FAILED = "step.failed";
    public static final String STEP_RETRY_REQUESTED = "step.retry_requested";
    public static final String STEP_MAX_RETRIES_REACHED = "step.max_retries_reached";
    public static final String STEP_CANCELLED = "step.cancelled";
    public static final String STEP_RESOLVED_MANUALLY = "step.resolved_manually";

    public static final String WORKFLOW_VIABLE_STEPS_DISCOVERED = "workflow.viable_steps_discovered";
    public static final String WORKFLOW_NO_VIABLE_STEPS = "workflow.no_viable_steps";
    public static final String WORKFLOW_BLOCKED_BY_FAILURES = "workflow.blocked_by_failures";

    /** Name prefixes reserved for system events: no template may declare a domain event starting with one. */
    public static final List<String> RESERVED_PREFIXES = List.of("task.", "step.", "workflow.");

    private LifecycleEventNames() {
    }
}
